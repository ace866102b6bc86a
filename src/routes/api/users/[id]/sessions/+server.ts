import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { endUserSessions } from '$lib/server/auth/sessions';
import { findUserById } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/** An admin ends all of a user's sessions; their open sockets close at once. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success || !(await findUserById(locals.runtime.sql, params.id))) error(404, 'no such user');
	await endUserSessions(locals.runtime.sql, params.id);
	locals.runtime.disconnectUser(params.id);
	await recordAudit(locals.runtime.run, {
		type: 'UserSessionsEnded',
		actor: { kind: 'user', id: admin.id },
		data: { user: params.id, address: getClientAddress() }
	});
	return new Response(null, { status: 204 });
};
