import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { readJsonBody } from '$lib/server/http/json-body';
import { markNotificationsSeen } from '$lib/server/domain/notification/queries';
import type { RequestHandler } from './$types';

/** The caller opened their notification centre: the bell's count starts again from now. 204. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	// No body, or `{}`: anything else is a mistake worth a 400, like on every other endpoint.
	await readJsonBody(request, z.strictObject({}));
	await markNotificationsSeen(locals.runtime.sql, user.id, locals.runtime.clock.now());
	return new Response(null, { status: 204 });
};
