import { json } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { listUnknownSites } from '$lib/server/domain/site/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import { newUserSchema } from '$lib/server/auth/user-input';
import { createUser, findUserByUsername, listUsers, toSessionUser } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/** Admins list users (never their password hashes). */
export const GET: RequestHandler = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	const users = await listUsers(locals.runtime.sql);
	return json({ users: users.map((u) => ({ ...toSessionUser(u), disabled: u.disabled })) });
};

/** Admins create users; 409 when the username is taken, 400 with reasons for bad fields. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	const input = await readJsonBody(request, newUserSchema);
	const { sql, run } = locals.runtime;
	if (await findUserByUsername(sql, input.username)) return json({ message: 'username taken' }, { status: 409 });
	const unknownSites = await listUnknownSites(sql, input.sites);
	if (unknownSites.length) return json({ message: 'invalid user', reason: 'invalid', reasons: [`sites: unknown ${unknownSites.join(', ')}`] }, { status: 400 });
	const user = await createUser(sql, input);
	await recordAudit(run, {
		type: 'UserCreated',
		actor: { kind: 'user', id: admin.id },
		data: { user: user.id, role: user.role, sites: user.sites, address: getClientAddress() }
	});
	return json({ user: { ...toSessionUser(user), disabled: false } }, { status: 201 });
};
