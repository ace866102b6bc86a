import { error } from '@sveltejs/kit';
import { markNotificationsSeen } from '$lib/server/domain/notification/queries';
import type { RequestHandler } from './$types';

/** The caller opened their notification centre: the bell's count starts again from now. 204. */
export const POST: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	await markNotificationsSeen(locals.runtime.sql, user.id, locals.runtime.clock.now());
	return new Response(null, { status: 204 });
};
