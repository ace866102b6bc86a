import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS, ROLES } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { requireRole } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { createApiTokenCommand } from '$lib/server/auth/token-commands';
import { listApiTokens } from '$lib/server/auth/tokens';
import type { RequestHandler } from './$types';

const newToken = z.object({
	name: z.string().trim().min(1).max(100).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters'),
	role: z.enum(ROLES),
	sites: z.array(z.string().regex(ID_PATTERN)).max(1000).default([]),
	expiresInDays: z.number().int().min(1).max(API_TOKEN_MAX_DAYS).default(API_TOKEN_DEFAULT_DAYS)
});

/** Admins list tokens (never the secrets). */
export const GET: RequestHandler = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	return json({ tokens: await listApiTokens(locals.runtime.sql) });
};

/**
 * Admins create a token; its secret is in this answer only. It expires after `expiresInDays`
 * (default `API_TOKEN_DEFAULT_DAYS`, at most `API_TOKEN_MAX_DAYS`) and works only while its
 * creator is an enabled admin. Any role may be given, admin included: provisioning (site
 * bundles, test windows) is what integrations automate, and the route table keeps tokens off
 * user, token and device-credential management.
 */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (admin.id.startsWith('token:')) return json({ message: 'tokens cannot create tokens' }, { status: 403 });
	const { name, role, sites, expiresInDays } = await readJsonBody(request, newToken);
	const { token, info } = await createApiTokenCommand(
		locals.runtime.run,
		{ name, role, sites, expiresInDays, createdBy: admin.id },
		{ kind: 'user', id: admin.id },
		{ address: getClientAddress() }
	);
	return json({ token, ...info }, { status: 201, headers: { 'cache-control': 'no-store' } });
};
