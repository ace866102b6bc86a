import { error } from '@sveltejs/kit';
import { canWatchSite, type Role, type SessionUser } from '$lib/domain/access';

/**
 * The one place that says which paths need what. Everything not listed needs a signed-in user.
 * Device ingest needs the device's own credential (HTTP Basic); /metrics is for the
 * monitoring system's scraper.
 */
const PUBLIC = new Set(['/login', '/setup', '/api/health', '/api/auth/login', '/metrics']);
const DEVICE_INGEST = /^\/api\/sites\/([^/]+)\/devices\/([^/]+)\/(?:scans|alarms)$/;

export type PathAccess = { access: 'public' } | { access: 'device'; site: string; device: string } | { access: 'user' };

export function classifyPath(pathname: string): PathAccess {
	if (PUBLIC.has(pathname)) return { access: 'public' };
	const ingest = DEVICE_INGEST.exec(pathname);
	if (ingest) return { access: 'device', site: decodeURIComponent(ingest[1]), device: decodeURIComponent(ingest[2]) };
	return { access: 'user' };
}

/** `Authorization: Basic …` → username and password, else null. */
export function basicCredentialsOf(header: string | null | undefined): { username: string; password: string } | null {
	const match = header?.match(/^Basic\s+([A-Za-z0-9+/=]{1,600})$/i);
	if (!match) return null;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon > 0 ? { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) } : null;
}

/**
 * A device speaks only for itself: its credential must name the site and device of the path.
 * Null when allowed, else the status and message to answer with.
 */
export function deviceRefusal(
	who: { site: string; device: string } | null,
	target: { site: string; device: string }
): { status: 401 | 403; message: string } | null {
	if (!who) return { status: 401, message: 'device credentials required (HTTP Basic)' };
	if (who.site !== target.site || who.device !== target.device) return { status: 403, message: 'a device may send only as itself' };
	return null;
}

/** A signed-in user who may watch this site's live data, or a 401/403. */
export function requireSiteWatcher(user: SessionUser | null, site: string): SessionUser {
	if (!user) error(401, 'sign in first');
	if (!canWatchSite(user, site)) error(403, 'no access to this site');
	return user;
}

/** A signed-in user with one of these roles, or a 401/403. */
export function requireRole(user: SessionUser | null, ...roles: Role[]): SessionUser {
	if (!user) error(401, 'sign in first');
	if (!roles.includes(user.role)) error(403, 'not allowed for this role');
	return user;
}

/** Origin check for browser connections that SvelteKit's form check does not cover (WebSocket). */
export function isSameOrigin(origin: string | undefined, host: string | undefined): boolean {
	if (!origin) return true; // not a browser: no ambient cookies to abuse
	try {
		return new URL(origin).host === host;
	} catch {
		return false;
	}
}
