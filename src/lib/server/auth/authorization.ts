import { error } from '@sveltejs/kit';
import { canWatchSite, type Role, type SessionUser } from '$lib/domain/access';

/**
 * The one place that says which paths need what. Everything not listed needs a signed-in user.
 * Device ingest is open until device credentials exist (issue 3, part 6); /metrics is for the
 * monitoring system's scraper.
 */
const PUBLIC = new Set(['/login', '/setup', '/api/health', '/api/auth/login', '/metrics']);
const DEVICE_INGEST = /^\/api\/sites\/[^/]+\/devices\/[^/]+\/(scans|alarms)$/;

export type PathAccess = 'public' | 'device' | 'user';

export function classifyPath(pathname: string): PathAccess {
	if (PUBLIC.has(pathname)) return 'public';
	if (DEVICE_INGEST.test(pathname)) return 'device';
	return 'user';
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
