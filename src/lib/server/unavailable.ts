import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { escapeHtml } from './http/escape-html';

/** Seconds after which a client should ask again. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * 503 while the database is down or not answering: JSON for the API and devices, and for a
 * browser a plain page in its language that reloads itself. No request waits on a dead server.
 */
export function unavailableResponse(pathname: string): Response {
	const headers = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
	if (pathname.startsWith('/api/') || pathname === '/metrics') {
		return new Response(JSON.stringify({ message: 'the database is not answering; nothing is lost, try again shortly' }), {
			status: 503,
			headers: { ...headers, 'content-type': 'application/json' }
		});
	}
	const title = escapeHtml(m.unavailable_title());
	const html = `<!doctype html>
<html lang="${escapeHtml(getLocale())}">
<head><meta charset="utf-8"><meta http-equiv="refresh" content="${RETRY_AFTER_SECONDS}"><title>${title}</title></head>
<body><h1>${title}</h1><p>${escapeHtml(m.unavailable_body())}</p><p><a href="">${escapeHtml(m.unavailable_retry())}</a></p></body>
</html>
`;
	return new Response(html, { status: 503, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
}
