import { fail, redirect } from '@sveltejs/kit';
import { readFormData } from '$lib/server/http/form-body';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { credentialsSchema } from '$lib/server/auth/credentials';
import { safeNext, setSessionCookie } from '$lib/server/auth/cookie';
import { signIn } from '$lib/server/auth/sign-in';
import { isLoopbackHost, isLoopbackListener } from '$lib/server/http/hosts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url, request }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	const { config, demoCredentials } = locals.runtime;
	// Demo passwords only for a browser on this machine that asked for us by a loopback name:
	// never when the app listens beyond loopback, and never to a DNS-rebinding page (its Host is its own name).
	const offer = config.demo && isLoopbackListener(config.listenHost) && isLoopbackHost(request.headers.get('host'));
	return { demo: offer ? demoCredentials.map(({ username, password, role }) => ({ username, password, role })) : [] };
};

export const actions: Actions = {
	default: async (event) => {
		const { request, cookies, url, locals } = event;
		const form = await readFormData(request);
		const username = String(form.get('username') ?? '');
		const parsed = credentialsSchema.safeParse({ username, password: String(form.get('password') ?? '') });
		if (!parsed.success) return fail(400, { username, error: 'missing' as const });
		const { sql, run, log } = locals.runtime;
		const result = await signIn({ sql, run, log }, parsed.data.username, parsed.data.password, clientMetaOf(event));
		if (!result.ok) {
			return result.status === 429
				? fail(429, { username, error: 'throttled' as const, retryAfterS: result.retryAfterS })
				: fail(401, { username, error: 'wrong' as const });
		}
		setSessionCookie(cookies, url, result.token, result.expiresAt);
		redirect(303, safeNext(url.searchParams.get('next')));
	}
};
