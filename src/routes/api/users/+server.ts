import { json } from '@sveltejs/kit';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
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
	const parsed = newUserSchema.safeParse(await request.json().catch(() => null));
	if (!parsed.success) {
		return json({ message: 'invalid user', reasons: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, { status: 400 });
	}
	const { sql, writer } = locals.runtime;
	if (await findUserByUsername(sql, parsed.data.username)) return json({ message: 'username taken' }, { status: 409 });
	const unknownSites = await sql<{ id: string }[]>`select unnest(${parsed.data.sites}::text[]) as id except select id from site`;
	if (unknownSites.length) return json({ message: 'invalid user', reasons: [`sites: unknown ${unknownSites.map((s) => s.id).join(', ')}`] }, { status: 400 });
	const user = await createUser(sql, parsed.data);
	await recordAudit(writer, {
		type: 'UserCreated',
		actor: { kind: 'user', id: admin.id },
		data: { user: user.id, role: user.role, sites: user.sites, address: getClientAddress() }
	});
	return json({ user: { ...toSessionUser(user), disabled: false } }, { status: 201 });
};
