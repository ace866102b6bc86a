import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { indexGuardNames, listFeatures, type LocalizedName } from '$lib/domain/site/model';
import type { SiteSnapshot } from '$lib/realtime/contract';
import { getSite, listSites } from '$lib/server/domain/site/queries';
import { getDeviceNames } from '$lib/server/domain/device/queries';
import type { PageServerLoad } from './$types';

/** One estate on the wall: its snapshot (projections included) and the names of its checkpoints (not the whole plan). */
interface WallSiteLoad {
	snapshot: SiteSnapshot;
	checkpoints: Record<string, LocalizedName>;
	/** Names from the site bundle, by id; ids without one are shown as they are. */
	devices: Record<string, LocalizedName>;
	guards: Record<string, LocalizedName>;
}

/** First paint of the wall: every site this user may watch; the socket continues from each snapshot's head. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	if (!canWatchLive(user)) return { forbidden: true, sites: [] as WallSiteLoad[] };
	const { sql } = locals.runtime;
	const ids = (await listSites(sql)).filter((s) => canWatchSite(user, s.id)).map((s) => s.id);
	const sites = await Promise.all(
		ids.map(async (id): Promise<WallSiteLoad | null> => {
			const [snapshot, model, devices] = await Promise.all([locals.runtime.getSnapshot(id), getSite(sql, id), getDeviceNames(sql, id)]);
			if (!snapshot) return null;
			const plan = model?.plan;
			const guards = indexGuardNames(model?.guards ?? []);
			const checkpoints = Object.fromEntries(plan ? listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f.properties.name]) : []);
			return { snapshot, checkpoints, devices, guards };
		})
	);
	return { forbidden: false, sites: sites.filter((s): s is WallSiteLoad => s !== null) };
};
