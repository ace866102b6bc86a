import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { indexGuardNames, listFeatures, type LocalizedName } from '$lib/domain/site';
import type { SiteStatus } from '$lib/domain/site-status';
import type { SiteSnapshot } from '$lib/realtime/contract';
import { getSite, getSiteSnapshot, listSites } from '$lib/server/domain/site/queries';
import { getDeviceNames } from '$lib/server/domain/site/devices';
import { getSiteStatus } from '$lib/server/domain/site/status';
import type { PageServerLoad } from './$types';

/** One estate on the wall: its snapshot, its status and the names of its checkpoints (not the whole plan). */
interface WallSiteLoad {
	snapshot: SiteSnapshot;
	status: SiteStatus;
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
			const snapshot = await getSiteSnapshot(sql, id);
			// After the snapshot, never before: see getSiteStatus.
			const [status, model, devices] = snapshot ? await Promise.all([getSiteStatus(sql, id), getSite(sql, id), getDeviceNames(sql, id)]) : [null, null, {}];
			if (!snapshot || !status) return null;
			const plan = model?.plan;
			const guards = indexGuardNames(model?.guards ?? []);
			const checkpoints = Object.fromEntries(plan ? listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f.properties.name]) : []);
			return { snapshot, status, checkpoints, devices, guards };
		})
	);
	return { forbidden: false, sites: sites.filter((s): s is WallSiteLoad => s !== null) };
};
