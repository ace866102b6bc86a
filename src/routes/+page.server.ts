import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { getSiteSnapshot, listSites } from '$lib/server/domain/site/queries';
import type { SiteSnapshot } from '$lib/realtime/contract';
import type { PageServerLoad } from './$types';

/** First paint: the snapshot of every site this user may watch, with its head seq. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	if (!canWatchLive(user)) return { forbidden: true, sites: [] as SiteSnapshot[] };
	const { sql } = locals.runtime;
	const sites = (await listSites(sql)).filter((s) => canWatchSite(user, s.id));
	const snapshots = await Promise.all(sites.map((s) => getSiteSnapshot(sql, s.id)));
	return { forbidden: false, sites: snapshots.filter((s): s is SiteSnapshot => s !== null) };
};
