import { error, json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { getSite } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

/** One site: names, address, time zone, centre and its plan (with checkpoints and alarm points). */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const site = await getSite(locals.runtime.sql, params.site);
	if (!site) error(404, 'unknown site');
	return json(site, { headers: { 'cache-control': 'no-store' } });
};
