import { json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { listRoutes } from '$lib/server/domain/patrol/queries';
import type { RequestHandler } from './$types';

/** The site's patrol routes: `{routes}`, each with its stops, legs and mode. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	return json({ routes: await listRoutes(locals.runtime.sql, params.site) }, { headers: { 'cache-control': 'no-store' } });
};
