import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { listNotificationsOf } from '$lib/server/domain/notification/queries';
import { listSiteLabels } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

const query = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(50),
	before: z.iso.datetime({ offset: true }).optional()
});

/**
 * The caller's notification centre: newest first (`before` pages back), `unread`: how many arrived
 * since they last looked, and `sites`: the name and time zone of each site they name, for their words.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'limit (1–200) and before (ISO 8601 with a time zone) must be valid');
	const { limit, before } = parsed.data;
	const centre = await listNotificationsOf(locals.runtime.sql, user.id, limit, before ? new Date(before) : undefined);
	const sites = await listSiteLabels(locals.runtime.sql, [...new Set(centre.notifications.map((n) => n.site))]);
	return json({ ...centre, sites: Object.fromEntries(sites) }, { headers: { 'cache-control': 'no-store' } });
};
