import { fail, redirect } from '@sveltejs/kit';
import { readFormData } from '$lib/server/http/form-body';
import { z } from 'zod';
import { isSetupTokenValid } from '$lib/server/auth/bootstrap';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { PASSWORD_MIN_LENGTH } from '$lib/server/auth/password';
import { signIn } from '$lib/server/auth/sign-in';
import { createUserCommand } from '$lib/server/auth/user-commands';
import { countUsers } from '$lib/server/auth/users';
import type { Actions, PageServerLoad } from './$types';

/** First run without ADMIN_PASSWORD: create the administrator. Gone once any user exists. */
export const load: PageServerLoad = async ({ locals, url }) => {
	if ((await countUsers(locals.runtime.sql)) > 0) redirect(303, '/login');
	const token = url.searchParams.get('token');
	const { setupToken } = locals.runtime;
	return { minLength: PASSWORD_MIN_LENGTH, needsToken: setupToken !== null, token: isSetupTokenValid(setupToken, token) ? token : null };
};

const setupSchema = z
	.object({
		username: z.string().trim().regex(/^[A-Za-z0-9_.-]{3,64}$/),
		password: z.string().min(PASSWORD_MIN_LENGTH).max(1024),
		confirm: z.string(),
		token: z.string().optional()
	})
	.refine((v) => v.password === v.confirm, { path: ['confirm'] });

export const actions: Actions = {
	default: async ({ request, cookies, url, locals, getClientAddress }) => {
		const { sql, run, log } = locals.runtime;
		if ((await countUsers(sql)) > 0) redirect(303, '/login');
		const form = Object.fromEntries(await readFormData(request));
		if (!isSetupTokenValid(locals.runtime.setupToken, typeof form.token === 'string' ? form.token : null)) {
			return fail(403, { username: String(form.username ?? ''), field: 'token' as const });
		}
		const parsed = setupSchema.safeParse(form);
		if (!parsed.success) {
			const field = String(parsed.error.issues[0].path[0]) as 'username' | 'password' | 'confirm' | 'token';
			return fail(400, { username: String(form.username ?? ''), field });
		}
		const { username, password } = parsed.data;
		const created = await createUserCommand(run, { username, displayName: username, role: 'admin', password, sites: [] }, { kind: 'system', id: 'setup' }, { address: getClientAddress() }, { firstOnly: true });
		// Someone else finished set-up first: theirs stands.
		if (!created.ok) redirect(303, '/login');
		const result = await signIn({ sql, run, log }, username, password, { address: getClientAddress(), userAgent: request.headers.get('user-agent') });
		if (result.ok) setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, '/');
	}
};
