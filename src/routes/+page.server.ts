import { getSiteSnapshot, listSites } from '$lib/server/domain/site/queries';
import type { SiteSnapshot } from '$lib/realtime/contract';
import type { PageServerLoad } from './$types';

/** First paint: every site's snapshot with its head seq; the socket continues from there. */
export const load: PageServerLoad = async ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const { sql } = locals.runtime;
	const sites = await listSites(sql);
	const snapshots = await Promise.all(sites.map((s) => getSiteSnapshot(sql, s.id)));
	return { sites: snapshots.filter((s): s is SiteSnapshot => s !== null) };
};
