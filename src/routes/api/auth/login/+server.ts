import { json } from '@sveltejs/kit';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { credentialsSchema } from '$lib/server/auth/credentials';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { readJsonBody } from '$lib/server/http/json-body';
import { signIn } from '$lib/server/auth/sign-in';
import type { RequestHandler } from './$types';

/** `{username, password}` → the session cookie and the user; 401 or 429 otherwise. */
export const POST: RequestHandler = async (event) => {
	const { request, cookies, url, locals } = event;
	const credentials = await readJsonBody(request, credentialsSchema);
	const { sql, run, log } = locals.runtime;
	const result = await signIn({ sql, run, log }, credentials.username, credentials.password, clientMetaOf(event));
	if (!result.ok) {
		return result.status === 429
			? json({ message: 'too many failed sign-ins; try again later' }, { status: 429, headers: { 'retry-after': String(result.retryAfterS) } })
			: json({ message: 'wrong username or password' }, { status: 401 });
	}
	setSessionCookie(cookies, url, result.token, result.expiresAt);
	return json({ user: result.user });
};
