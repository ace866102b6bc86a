import { error, json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

/** A console's starting state for one site, used after a `resync`. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const snapshot = await locals.runtime.getSnapshot(params.site);
	if (!snapshot) error(404, 'unknown site');
	return json(snapshot, { headers: { 'cache-control': 'no-store' } });
};
