import type { RunningApp } from '../../tests/fixtures/app';

/** Something a scan turned up: a scanner's report, an answer the app should never give, or its error log. */
export interface Finding {
	tool: 'wapiti' | 'sqlmap' | 'app';
	/** wapiti's category, or for the others one of: injectable, 5xx, no-answer, exited, error-log. */
	kind: string;
	/** The request, as `METHOD /path?query`, or where the app logged it. */
	request: string;
	/** What was found: the scanner's words, the status and the app's log line. */
	detail: string;
}

/** A finding that is understood and accepted, and why. Every entry is explained in the README's "Scanning". */
interface Allowance {
	tool: Finding['tool'];
	kind: RegExp;
	request?: RegExp;
	detail?: RegExp;
	reason: string;
}

export const ALLOWED: Allowance[] = [
	{
		tool: 'wapiti',
		kind: /^Cross Site Request Forgery$/,
		request: /^POST \/admin\//,
		detail: /^Lack of anti CSRF token/,
		reason:
			"SvelteKit answers 403 to a form post whose Origin is not the app's own (the scan checks it with one cross-site post) and the session cookie is SameSite=Lax; wapiti 3.0.4 only looks for a token field"
	},
	{
		tool: 'wapiti',
		kind: /^HTTP Secure Headers$/,
		detail: /^X-XSS-Protection is not set/,
		reason: "the header is deprecated and ignored by current browsers; the pages' Content-Security-Policy is what stops injected scripts"
	},
	{
		tool: 'wapiti',
		kind: /^HTTP Secure Headers$/,
		detail: /^Strict-Transport-Security is not set/,
		reason: 'the app speaks plain HTTP (the scan runs on http://127.0.0.1); HSTS is honoured only over HTTPS and is set by the TLS-terminating proxy in front'
	},
	{
		tool: 'wapiti',
		kind: /^Secure Flag cookie$/,
		detail: /^Secure flag is not set in the cookie : shouwang_session/,
		reason: 'the session cookie is Secure whenever the app is reached over HTTPS (ORIGIN https://… or PROTOCOL_HEADER); over the plain http://127.0.0.1 of the scan a Secure cookie would never be sent back'
	}
];

/** The allow-list entry that covers this finding, if any. */
export function allowanceFor(f: Finding): Allowance | undefined {
	return ALLOWED.find(
		(a) => a.tool === f.tool && a.kind.test(f.kind) && (!a.request || a.request.test(f.request)) && (!a.detail || a.detail.test(f.detail))
	);
}

/**
 * Wapiti is sent as same-origin (its requests carry the app's Origin, as a browser's would), so its
 * form attacks reach the actions. What stops a cross-site form instead is SvelteKit's Origin check,
 * which wapiti's csrf module does not try: checked with one cross-site post, so the allow-list's
 * CSRF entry stays true.
 */
export async function checkCrossSiteForm(running: RunningApp, cookie: string): Promise<Finding | undefined> {
	const r = await fetch(`${running.baseUrl}/admin/users?/create`, {
		method: 'POST',
		headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
		body: 'username=',
		redirect: 'manual'
	});
	if (r.status === 403) return undefined;
	return { tool: 'app', kind: 'cross-site-form', request: 'POST /admin/users?/create (Origin: http://evil.example)', detail: `answered ${r.status}, not 403` };
}
