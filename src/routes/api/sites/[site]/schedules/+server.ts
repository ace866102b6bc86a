import { json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { listSchedules } from '$lib/server/domain/patrol/queries';
import type { RequestHandler } from './$types';

/** The site's patrol schedules: `{schedules}`, each with its route, rule, guard and last planned start. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	return json({ schedules: await listSchedules(locals.runtime.sql, params.site) }, { headers: { 'cache-control': 'no-store' } });
};
