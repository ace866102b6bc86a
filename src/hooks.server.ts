import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages.js';
import { startRuntime, type Runtime } from '$lib/server/runtime';
import { getTileImageSource } from '$lib/domain/tile-source';
import { basicCredentialsOf, classifyPath, deviceRefusal } from '$lib/server/auth/authorization';
import { SESSION_COOKIE } from '$lib/server/auth/sessions';
import { countUsers } from '$lib/server/auth/users';
import { bearerOf } from '$lib/server/auth/tokens';
import { identify } from '$lib/server/auth/identity';
import { isDatabaseUnavailable } from '$lib/server/db/errors';
import { unavailableResponse } from '$lib/server/unavailable';

let runtime: Runtime | undefined;

/**
 * Start the runtime once per process. The host created Socket.IO and put it on the
 * globalThis handle; the runtime promise lives there too, so a dev-server reload of this
 * module reuses the running runtime instead of starting a second one.
 */
export const init: ServerInit = async () => {
	if (building) return;
	const handle = (globalThis.__shouwang ??= {});
	if (!handle.io) throw new Error('No Socket.IO server: start the app with `npm start` (src/server.js) or `npm run dev`.');
	handle.runtime ??= startRuntime({ io: handle.io });
	runtime = await handle.runtime;
	handle.stop = () => runtime!.stop();
};

const attachRuntime: Handle = ({ event, resolve }) => {
	event.locals.runtime = runtime!;
	return resolve(event);
};

const jsonError = (status: number, message: string, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json', ...headers } });

/**
 * Who is asking: the session cookie's user, an API token's identity, or nobody. Paths that need a user (all but those
 * `classifyPath` lists) answer 401 for the API and send a browser to sign in (or, before the
 * first user exists, to set-up). Device ingest takes only the device's own credential.
 * Authenticated pages are never cached.
 */
const authenticate: Handle = async ({ event, resolve }) => {
	const { sql, devices } = event.locals.runtime;
	event.locals.user = null;
	event.locals.sessionId = null;
	const path = classifyPath(event.url.pathname);
	if (path.access === 'device') {
		const basic = basicCredentialsOf(event.request.headers.get('authorization'));
		const who = basic ? await devices.verify(basic.username, basic.password) : null;
		const refusal = deviceRefusal(who, path);
		if (refusal) {
			const challenge: Record<string, string> = refusal.status === 401 ? { 'www-authenticate': 'Basic realm="shouwang devices", charset="UTF-8"' } : {};
			return jsonError(refusal.status, refusal.message, challenge);
		}
		return resolve(event);
	}
	const who = await identify(sql, { sessionToken: event.cookies.get(SESSION_COOKIE), bearer: bearerOf(event.request.headers.get('authorization')) });
	event.locals.user = who?.user ?? null;
	event.locals.sessionId = who?.sessionId ?? null;
	if (!event.locals.user && path.access === 'user') {
		if (event.url.pathname.startsWith('/api/')) return jsonError(401, 'sign in first');
		const target = (await countUsers(sql)) === 0 ? '/setup' : `/login?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;
		return new Response(null, { status: 303, headers: { location: target } });
	}
	const response = await resolve(event);
	if (event.locals.sessionId) response.headers.set('cache-control', 'no-store');
	return response;
};

/**
 * No request hangs on the database: one that finds it down, or gets no answer within the
 * statement timeout plus a margin (a frozen server never answers), gets a 503 saying so.
 * The abandoned query finishes or fails on its own when the server returns.
 */
const databaseDeadline: Handle = async ({ event, resolve }) => {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<Response>((r) => {
		timer = setTimeout(() => r(unavailableResponse(event.url.pathname)), runtime!.config.dbTimeoutMs + 2000);
	});
	try {
		return await Promise.race([resolve(event), late]);
	} catch (err) {
		if (isDatabaseUnavailable(err)) return unavailableResponse(event.url.pathname);
		throw err;
	} finally {
		clearTimeout(timer);
	}
};

/**
 * Headers on every response, pages, API and errors alike. Pages get SvelteKit's CSP (with
 * hashes for its own inline scripts, see svelte.config.js); anything else gets a CSP that
 * allows nothing, so a JSON body can never run as a document.
 */
const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const headers = response.headers;
	headers.set('X-Content-Type-Options', 'nosniff');
	headers.set('Referrer-Policy', 'same-origin');
	headers.set('X-Frame-Options', 'DENY');
	if (!headers.has('content-security-policy')) {
		headers.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
	}
	// The build fixed img-src; a tile server is chosen at run time (MAP_TILE_URL), so its origin is added here.
	const tiles = runtime?.config.mapTiles && getTileImageSource(runtime.config.mapTiles.url);
	const csp = headers.get('content-security-policy');
	if (tiles && csp?.includes('img-src ')) headers.set('Content-Security-Policy', csp.replace('img-src ', `img-src ${tiles} `));
	return response;
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

export const handle = sequence(securityHeaders, attachRuntime, i18n, databaseDeadline, authenticate);

/** Log the real error; the browser gets a generic message and an id to quote. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = crypto.randomUUID();
	if (isDatabaseUnavailable(error)) {
		runtime?.log.warn({ code: (error as { code?: string }).code, errorId, path: event.url.pathname }, 'request failed: database unavailable');
		return { message: m.unavailable_title(), errorId };
	}
	if (status !== 404) runtime?.log.error({ err: error, errorId, path: event.url.pathname }, 'request failed');
	return { message: status === 404 ? 'Not found' : 'Internal error', errorId };
};
