import { error, json } from '@sveltejs/kit';
import { requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { getGuardSnapshot } from '$lib/server/domain/guard/queries';
import type { RequestHandler } from './$types';

/** What the guard's page shows: the guard's rounds, the site's checkpoints, incidents sent to the phone. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const snapshot = await getGuardSnapshot(locals.runtime.sql, params.site, link.guard, locals.runtime.clock.now());
	if (!snapshot) error(404, 'no such site');
	return json(snapshot, { headers: { 'cache-control': 'no-store' } });
};
