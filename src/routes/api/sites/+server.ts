import { error, json } from '@sveltejs/kit';
import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { listSites } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

/** The sites this user may watch: id, names, time zone and head seq. */
export const GET: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	if (!canWatchLive(user)) error(403, 'not allowed for this role');
	const sites = (await listSites(locals.runtime.sql)).filter((s) => canWatchSite(user, s.id));
	return json({ sites }, { headers: { 'cache-control': 'no-store' } });
};
