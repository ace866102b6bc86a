import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireRole } from '$lib/server/auth/authorization';
import { endUserSessionsCommand } from '$lib/server/auth/user-commands';
import type { RequestHandler } from './$types';

/** An admin ends all of a user's sessions; their open sockets close at once. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success) error(404, 'no such user');
	const outcome = await endUserSessionsCommand(locals.runtime.run, params.id, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) error(404, 'no such user');
	locals.runtime.disconnectUser(params.id);
	return new Response(null, { status: 204 });
};
