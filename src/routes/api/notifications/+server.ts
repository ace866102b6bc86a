import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { listNotificationsOf } from '$lib/server/domain/notification/queries';
import type { RequestHandler } from './$types';

const query = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(50),
	before: z.iso.datetime({ offset: true }).optional()
});

/** The caller's notification centre: newest first (`before` pages back), and `unread`: how many arrived since they last looked. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'limit (1–200) and before (ISO 8601 with a time zone) must be valid');
	const { limit, before } = parsed.data;
	return json(await listNotificationsOf(locals.runtime.sql, user.id, limit, before ? new Date(before) : undefined), { headers: { 'cache-control': 'no-store' } });
};
