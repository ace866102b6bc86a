import { error, json } from '@sveltejs/kit';
import { getSiteStatus } from '$lib/server/domain/site/status';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

/** The wall's status of one site (devices offline, last scans), read again after a `resync`. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const status = await getSiteStatus(locals.runtime.sql, params.site);
	if (!status) error(404, 'unknown site');
	return json(status, { headers: { 'cache-control': 'no-store' } });
};
