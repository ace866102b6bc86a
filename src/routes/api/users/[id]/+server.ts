import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireRole } from '$lib/server/auth/authorization';
import { GUARD_PROBLEMS, updateUserCommand } from '$lib/server/auth/user-commands';
import { userChangeSchema } from '$lib/server/auth/user-input';
import { readJsonBody } from '$lib/server/http/json-body';
import { toSessionUser } from '$lib/server/auth/users';
import type { RequestHandler } from './$types';

/**
 * Admins change a user. Disabling, a new password or a new role ends the user's sessions and
 * closes their sockets at once; new sites apply to the next join.
 */
export const PATCH: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
	const admin = requireRole(locals.user, 'admin');
	if (!z.uuid().safeParse(params.id).success) error(404, 'no such user');
	const change = await readJsonBody(request, userChangeSchema);
	const outcome = await updateUserCommand(locals.runtime.run, params.id, change, { kind: 'user', id: admin.id }, { address: getClientAddress() });
	if (!outcome.ok) {
		if (outcome.reason === 'not_found') error(404, 'no such user');
		if (outcome.reason === 'invalid_guard') return json({ message: 'invalid change', reason: 'invalid', reasons: [GUARD_PROBLEMS[outcome.problem]] }, { status: 400 });
		return json({ message: 'invalid change', reason: 'invalid', reasons: [`sites: unknown ${outcome.sites.join(', ')}`] }, { status: 400 });
	}
	if (outcome.sessionsEnded) locals.runtime.disconnectUser(outcome.user.id);
	return json({ user: { ...toSessionUser(outcome.user), disabled: outcome.user.disabled } });
};
