import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './sessions';

/** HttpOnly, SameSite=Lax, Secure over HTTPS; the token never reaches page scripts. */
export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: Date): void {
	cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:', expires: expiresAt });
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}

/**
 * Only paths of this origin are followed after sign-in. The candidate is resolved the way a
 * browser would resolve a Location header (which drops tabs and newlines, and reads `\` as
 * `/`), and kept only if it stays on our origin; what is returned is the resolved path, so
 * the header carries no character a browser could reinterpret.
 */
export function safeNext(next: string | null): string {
	if (!next || !next.startsWith('/')) return '/';
	const base = 'http://shouwang.invalid';
	let resolved: URL;
	try {
		resolved = new URL(next, base);
	} catch {
		return '/';
	}
	return resolved.origin === base ? resolved.pathname + resolved.search + resolved.hash : '/';
}
