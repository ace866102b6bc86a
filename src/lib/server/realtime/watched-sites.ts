import { canWatchLive, canWatchSite, type SessionUser } from '$lib/domain/access';
import type { SiteSnapshot } from '$lib/realtime/contract';
import { getSite, listSites, type SiteDetail } from '../domain/site/queries';
import type { Runtime } from '../runtime';

/** One site as a live page starts from: its snapshot (the socket continues from its head) and its model. */
export interface WatchedSite {
	snapshot: SiteSnapshot;
	/** Plan, floor plans and guards as they stand; null when the site has no row (deleted meanwhile). */
	model: SiteDetail | null;
}

/**
 * The first paint of a live page (the console, the wall): every site the user may watch, each
 * with its snapshot and model, read in parallel; null when the user may not watch live at all.
 * A site gone between the list and its snapshot is left out.
 */
export async function loadWatchedSites(runtime: Runtime, user: SessionUser): Promise<WatchedSite[] | null> {
	if (!canWatchLive(user)) return null;
	const ids = (await listSites(runtime.sql)).filter((s) => canWatchSite(user, s.id)).map((s) => s.id);
	const sites = await Promise.all(
		ids.map(async (id): Promise<WatchedSite | null> => {
			const [snapshot, model] = await Promise.all([runtime.getSnapshot(id), getSite(runtime.sql, id)]);
			return snapshot ? { snapshot, model } : null;
		})
	);
	return sites.filter((s): s is WatchedSite => s !== null);
}
