import { json } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { createUserCommand, GUARD_PROBLEMS } from '$lib/server/auth/user-commands';
import { newUserSchema } from '$lib/server/auth/user-input';
import { listUsers, toSessionUser } from '$lib/server/auth/users';
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
	const outcome = await createUserCommand(locals.runtime.run, input, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (outcome.ok) return json({ user: { ...toSessionUser(outcome.user), disabled: false } }, { status: 201 });
	if (outcome.reason === 'invalid_guard') return json({ message: 'invalid user', reason: 'invalid', reasons: [GUARD_PROBLEMS[outcome.problem]] }, { status: 400 });
	if (outcome.reason === 'unknown_sites') return json({ message: 'invalid user', reason: 'invalid', reasons: [`sites: unknown ${outcome.sites.join(', ')}`] }, { status: 400 });
	return json({ message: 'username taken' }, { status: 409 });
};
