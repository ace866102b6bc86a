import { indexGuardNames, listFeatures, type LocalizedName } from '$lib/domain/site/model';
import { getDeviceNames } from '$lib/server/domain/device/queries';
import { loadWatchedSites } from '$lib/server/realtime/watched-sites';
import type { PageServerLoad } from './$types';

/** The names a tile shows, by id, from the site bundle; ids without one are shown as they are. */
interface WallNames {
	checkpoints: Record<string, LocalizedName>;
	devices: Record<string, LocalizedName>;
	guards: Record<string, LocalizedName>;
}

/** First paint of the wall: every site this user may watch and the names its tile shows (not the whole plan); the socket continues from each snapshot's head. */
export const load: PageServerLoad = async ({ locals }) => {
	const watched = await loadWatchedSites(locals.runtime, locals.user!);
	if (!watched) return { forbidden: true, sites: [], names: {} as Record<string, WallNames> };
	const names = await Promise.all(
		watched.map(async ({ snapshot, model }): Promise<[string, WallNames]> => {
			const plan = model?.plan;
			const checkpoints = Object.fromEntries(plan ? listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f.properties.name]) : []);
			return [snapshot.id, { checkpoints, devices: await getDeviceNames(locals.runtime.sql, snapshot.id), guards: indexGuardNames(model?.guards ?? []) }];
		})
	);
	return { forbidden: false, sites: watched.map((w) => w.snapshot), names: Object.fromEntries(names) };
};
