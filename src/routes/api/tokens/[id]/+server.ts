import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { requireRole } from '$lib/server/auth/authorization';
import { revokeApiTokenCommand } from '$lib/server/auth/token-commands';
import type { RequestHandler } from './$types';

/** Revoke a token; sockets opened with it close at once. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success) error(404, 'no such token');
	const outcome = await revokeApiTokenCommand(locals.runtime.run, params.id, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) error(404, 'no such token');
	locals.runtime.disconnectToken(params.id);
	return new Response(null, { status: 204 });
};
