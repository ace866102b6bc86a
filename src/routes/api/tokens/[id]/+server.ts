import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { revokeApiToken } from '$lib/server/auth/tokens';
import type { RequestHandler } from './$types';

/** Revoke a token; sockets opened with it close at once. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success || !(await revokeApiToken(locals.runtime.sql, params.id))) error(404, 'no such token');
	locals.runtime.disconnectToken(params.id);
	await recordAudit(locals.runtime.run, {
		type: 'ApiTokenRevoked',
		actor: { kind: 'user', id: admin.id },
		data: { token: params.id, address: getClientAddress() }
	});
	return new Response(null, { status: 204 });
};
