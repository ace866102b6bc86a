import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ROLES } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device-message';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { createApiToken, listApiTokens } from '$lib/server/auth/tokens';
import type { RequestHandler } from './$types';

const newToken = z.object({
	name: z.string().trim().min(1).max(100).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters'),
	role: z.enum(ROLES),
	sites: z.array(z.string().regex(ID_PATTERN)).max(1000).default([]),
	expiresInDays: z.number().int().min(1).max(3650).optional()
});

/** Admins list tokens (never the secrets). */
export const GET: RequestHandler = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	return json({ tokens: await listApiTokens(locals.runtime.sql) });
};

/** Admins create a token; its secret is in this answer only. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (admin.id.startsWith('token:')) return json({ message: 'tokens cannot create tokens' }, { status: 403 });
	const { name, role, sites, expiresInDays } = await readJsonBody(request, newToken);
	const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
	const { token, info } = await createApiToken(locals.runtime.sql, { name, role, sites, createdBy: admin.id, expiresAt });
	await recordAudit(locals.runtime.writer, {
		type: 'ApiTokenCreated',
		actor: { kind: 'user', id: admin.id },
		data: { token: info.id, name, role, sites, address: getClientAddress() }
	});
	return json({ token, ...info }, { status: 201, headers: { 'cache-control': 'no-store' } });
};
