import { redirect } from '@sveltejs/kit';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { signOut } from '$lib/server/auth/sign-in';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
	default: async ({ cookies, url, locals, request, getClientAddress }) => {
		const token = cookies.get(SESSION_COOKIE);
		if (token && locals.user) {
			const { sql, writer, log } = locals.runtime;
			const id = await signOut({ sql, writer, log }, token, locals.user, { address: getClientAddress(), userAgent: request.headers.get('user-agent') });
			locals.runtime.disconnectSession(id);
		}
		clearSessionCookie(cookies, url);
		redirect(303, '/login');
	}
};
