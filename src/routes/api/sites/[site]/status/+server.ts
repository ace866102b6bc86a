import { error, json } from '@sveltejs/kit';
import { getSiteStatus, listGuardPositions } from '$lib/server/domain/site/status';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

/** A site's status (devices offline, last scans) and each guard's last scan: read again after a `resync`. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const status = await getSiteStatus(locals.runtime.sql, params.site);
	if (!status) error(404, 'unknown site');
	const guards = await listGuardPositions(locals.runtime.sql, params.site);
	return json({ ...status, guards }, { headers: { 'cache-control': 'no-store' } });
};
