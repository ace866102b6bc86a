import { isJsonType } from './json-body';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie rides along on any request the browser sends to us, even one a page on another
 * site makes (`fetch(…, {mode: 'no-cors'})` with a text/plain body needs no preflight, and
 * SameSite=Lax counts sibling subdomains as the same site). So an unsafe API request that
 * authenticates by cookie must show it came from our own page: an `Origin` of ours (every
 * browser sends one on such requests) and, when it has a body, a type no cross-site form or
 * simple request can send (`application/json`, or a type the route declares).
 * Token requests carry no ambient credential and are not checked here.
 */
export function refuseCrossSite(request: Request, url: URL, bodyTypes: readonly string[] = []): { status: 403 | 415; message: string } | null {
	if (SAFE_METHODS.has(request.method)) return null;
	if (request.headers.get('origin') !== url.origin) return { status: 403, message: 'cross-site request refused: the Origin header must name this site' };
	const hasBody = Number(request.headers.get('content-length') ?? 0) > 0 || request.headers.has('transfer-encoding');
	const type = request.headers.get('content-type');
	const essence = type?.split(';')[0].trim().toLowerCase() ?? '';
	if (hasBody && !isJsonType(type) && !bodyTypes.includes(essence)) return { status: 415, message: 'send the body as application/json' };
	return null;
}
