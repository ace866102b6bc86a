import { signOutRequest } from '$lib/server/auth/sign-in';
import type { RequestHandler } from './$types';

/** End this session and close its sockets. */
export const POST: RequestHandler = async (event) => {
	await signOutRequest(event);
	return new Response(null, { status: 204 });
};
