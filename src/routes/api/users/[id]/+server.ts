import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { recordAudit } from '$lib/server/auth/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { endUserSessions } from '$lib/server/auth/sessions';
import { userChangeSchema } from '$lib/server/auth/user-input';
import { listUnknownSites } from '$lib/server/domain/site/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import { findUserById, toSessionUser, updateUser } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/**
 * Admins change a user. Disabling, a new password or a new role ends the user's sessions and
 * closes their sockets at once; new sites apply to the next join.
 */
export const PATCH: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success) error(404, 'no such user');
	const change = await readJsonBody(request, userChangeSchema);
	const { sql, run } = locals.runtime;
	if (!(await findUserById(sql, params.id))) error(404, 'no such user');
	const unknownSites = await listUnknownSites(sql, change.sites ?? []);
	if (unknownSites.length) return json({ message: 'invalid change', reason: 'invalid', reasons: [`sites: unknown ${unknownSites.join(', ')}`] }, { status: 400 });
	const user = (await updateUser(sql, params.id, change))!;
	const { password: _secret, ...audited } = change;
	await recordAudit(run, {
		type: 'UserUpdated',
		actor: { kind: 'user', id: admin.id },
		data: { user: user.id, ...audited, passwordChanged: change.password !== undefined, address: getClientAddress() }
	});
	if (change.disabled || change.password !== undefined || change.role !== undefined || change.sites !== undefined) {
		await endUserSessions(sql, user.id);
		locals.runtime.disconnectUser(user.id);
	}
	return json({ user: { ...toSessionUser(user), disabled: user.disabled } });
};
