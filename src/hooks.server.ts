import { error, isHttpError, isRedirect, type Handle, type HandleServerError, type RequestEvent, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { building } from '$app/environment';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { m } from '$lib/paraglide/messages.js';
import { startRuntime, type Runtime } from '$lib/server/runtime';
import { getTileImageSource } from '$lib/domain/tile-source';
import { basicCredentialsOf, deviceRefusal, siteOfRequest, userRefusal, type Refusal } from '$lib/server/auth/authorization';
import { getAccessRule } from '$lib/server/auth/route-access';
import { refuseCrossSite } from '$lib/server/http/cross-site';
import { isLoopbackAddress } from '$lib/server/http/hosts';
import { refuseRequestShape } from '$lib/server/http/request-shape';
import { clientMetaOf } from '$lib/server/auth/client-meta';
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
	handle.runtime ??= startRuntime({ io: handle.io, watchdogToken: handle.watchdogToken });
	runtime = await handle.runtime;
	handle.stop = () => runtime!.stop();
};

const attachRuntime: Handle = ({ event, resolve }) => {
	event.locals.runtime = runtime!;
	return resolve(event);
};

const jsonError = (status: number, message: string, headers: Record<string, string> = {}) =>
	new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json', ...headers } });

/** The API and the scraper's endpoint answer in JSON; pages answer with pages. */
const isApiPath = (pathname: string) => pathname.startsWith('/api/') || pathname === '/metrics';

/**
 * The outermost hook: a request the app cannot even read (undecodable or overlong path,
 * NUL in the path or query, a Host we do not answer to) is answered here, and anything
 * thrown past every other hook becomes a logged 500 instead of an unhandled rejection.
 */
const contain: Handle = async ({ event, resolve }) => {
	// With ADDRESS_HEADER set, adapter-node throws for a request that lacks the header; every
	// route reads the address, so it is made total here once (the socket peer, as clientMetaOf says).
	const { address } = clientMetaOf(event);
	event.getClientAddress = () => address;
	// A sub-request (a load's or an action's own fetch) carries no Host of its own, and the request that
	// made it was checked; its path still is, since it may be built from a form's fields.
	const host = event.isSubRequest ? event.url.host : event.request.headers.get('host');
	const refusal = runtime && refuseRequestShape(event.url, host, runtime.config);
	if (refusal) {
		runtime?.log.info({ status: refusal.status, reason: refusal.message, method: event.request.method }, 'request refused');
		return jsonError(refusal.status, refusal.message);
	}
	try {
		return await resolve(event);
	} catch (err) {
		if (isHttpError(err) || isRedirect(err)) throw err;
		const errorId = crypto.randomUUID();
		runtime?.log.error({ err, errorId, path: event.url.pathname }, 'request failed outside its route');
		return jsonError(500, `Internal error (${errorId})`);
	}
};

/** A refusal as the caller expects it: JSON for the API; for pages, sign-in for 401, the error page otherwise. */
async function refuse(event: RequestEvent, refusal: Refusal, headers: Record<string, string> = {}): Promise<Response> {
	const { pathname, search } = event.url;
	if (isApiPath(pathname)) return jsonError(refusal.status, refusal.message, headers);
	if (refusal.status === 401) {
		const target = (await countUsers(event.locals.runtime.sql)) === 0 ? '/setup' : `/login?next=${encodeURIComponent(pathname + search)}`;
		return new Response(null, { status: 303, headers: { location: target } });
	}
	error(refusal.status, refusal.message);
}

/**
 * Who is asking, and may they call the route that will run: the rule declared for its
 * route id and method in `ROUTE_ACCESS` (deny by default), checked against SvelteKit's
 * decoded params, never the raw path. Unsafe API calls made with the session cookie must
 * also come from our own pages. Authenticated answers are never cached, but for content-addressed ones.
 */
const authorize: Handle = async ({ event, resolve }) => {
	const { sql, devices, log } = event.locals.runtime;
	event.locals.user = null;
	event.locals.sessionId = null;
	const routeId = event.route.id;
	const identifyCaller = async () => {
		const who = await identify(sql, { sessionToken: event.cookies.get(SESSION_COOKIE), bearer: bearerOf(event.request.headers.get('authorization')) });
		event.locals.user = who?.user ?? null;
		event.locals.sessionId = who?.sessionId ?? null;
		return who;
	};
	if (routeId === null) {
		// No route: SvelteKit answers 404, with the user's menu when signed in.
		await identifyCaller();
		return resolve(event);
	}
	const decision = getAccessRule(routeId, event.request.method);
	if ('refusal' in decision) {
		if (decision.refusal === 'method') {
			return new Response(JSON.stringify({ message: `method not allowed; use ${decision.allow.join(', ')}` }), {
				status: 405,
				headers: { 'content-type': 'application/json', allow: decision.allow.join(', ') }
			});
		}
		log.error({ route: routeId }, 'route declares no access rule: refused');
		return refuse(event, { status: 403, message: 'this route declares no access' });
	}
	const { rule } = decision;
	if (rule.who === 'device') {
		const basic = basicCredentialsOf(event.request.headers.get('authorization'));
		const who = basic ? await devices.verify(basic.username, basic.password) : null;
		const refusal = deviceRefusal(who, event.params);
		if (!refusal) return resolve(event);
		return refuse(event, refusal, refusal.status === 401 ? { 'www-authenticate': 'Basic realm="shouwang devices", charset="UTF-8"' } : {});
	}
	const who = await identifyCaller();
	if (rule.who === 'scraper') {
		const allowed = (who && who.sessionId === null) || isLoopbackAddress(event.getClientAddress());
		return allowed ? resolve(event) : refuse(event, { status: 401, message: 'metrics: an API token (Bearer) or a loopback client' });
	}
	if (rule.who === 'user') {
		const site = rule.site ? siteOfRequest(rule.site, event.params, event.url) : null;
		const refusal = userRefusal(rule, who && { user: who.user, viaToken: who.sessionId === null }, site);
		if (refusal) return refuse(event, refusal);
		if (who?.sessionId && isApiPath(event.url.pathname) && !event.isSubRequest) {
			const crossSite = refuseCrossSite(event.request, event.url, rule.bodyTypes);
			if (crossSite) return jsonError(crossSite.status, crossSite.message);
		}
	}
	const response = await resolve(event);
	// A content-addressed answer (a photo, named by its hash) is the same for ever and may be kept
	// privately; every other signed-in answer is never stored.
	if (event.locals.sessionId && !/\bimmutable\b/.test(response.headers.get('cache-control') ?? '')) response.headers.set('cache-control', 'no-store');
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

export const handle = sequence(contain, securityHeaders, attachRuntime, i18n, databaseDeadline, authorize);

/** Log the real error; the browser gets a generic message and an id to quote. */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const errorId = crypto.randomUUID();
	if (isDatabaseUnavailable(error)) {
		runtime?.log.warn({ code: (error as { code?: string }).code, errorId, path: event.url.pathname }, 'request failed: database unavailable');
		return { message: m.unavailable_title(), errorId };
	}
	// A client's mistake (404, 405, 415 …) is theirs to fix, not ours: logged below error level.
	if (status >= 500) runtime?.log.error({ err: error, errorId, path: event.url.pathname }, 'request failed');
	else runtime?.log.info({ status, errorId, path: event.url.pathname, reason: (error as Error)?.message }, 'request refused');
	return { message: status >= 500 ? 'Internal error' : status === 404 ? 'Not found' : (error as Error)?.message?.slice(0, 200) || 'Bad request', errorId };
};
