import { error } from '@sveltejs/kit';
import { canWatchSite, type Role, type SessionUser } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { siteOfTicket } from '$lib/domain/ticket/model';
import type { SiteSource, UserRule } from './route-access';

/** A refusal the `authorize` hook answers with: 401 (who are you?), 403 (not you), 400 (no site named). */
export interface Refusal {
	status: 400 | 401 | 403;
	message: string;
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
 * A device speaks only for itself: its credential must name the site and device of the
 * route's decoded params. Null when allowed.
 */
export function deviceRefusal(who: { site: string; device: string } | null, target: { site?: string; device?: string }): Refusal | null {
	if (!who) return { status: 401, message: 'device credentials required (HTTP Basic)' };
	if (who.site !== target.site || who.device !== target.device) return { status: 403, message: 'a device may send only as itself' };
	return null;
}

/** The site a request is about, by the rule's source: a string, `null` when none is named, `invalid` when malformed. */
export function siteOfRequest(source: SiteSource, params: Partial<Record<string, string>>, url: URL): string | null | 'invalid' {
	const named =
		source === 'param'
			? params.site
			: source === 'incident'
				? params.id?.split(':')[0]
				: source === 'ticket'
					? (siteOfTicket(params.id ?? '') ?? undefined)
					: url.searchParams.get('site');
	if (named === undefined || named === null || named === '') return null;
	return ID_PATTERN.test(named) ? named : 'invalid';
}

/**
 * The decision for a person or token on a route declared `who: 'user'`: null when allowed.
 * Order matters: 401 before anything else, so an anonymous caller learns nothing of roles or sites.
 */
export function userRefusal(rule: UserRule, caller: { user: SessionUser; viaToken: boolean } | null, site: string | null | 'invalid'): Refusal | null {
	if (!caller) return { status: 401, message: 'sign in first' };
	const { user } = caller;
	if (rule.tokens === false && caller.viaToken) return { status: 403, message: 'API tokens may not manage users, tokens or device credentials: sign in' };
	if (rule.roles && !rule.roles.includes(user.role)) return { status: 403, message: 'not allowed for this role' };
	if (rule.site) {
		if (site === 'invalid') return { status: 400, message: 'site must match [A-Za-z0-9_-]{1,64}' };
		if (site === null) {
			if (rule.site === 'query') return { status: 400, message: 'name the site: ?site=' };
		} else if (user.role !== 'admin' && !user.sites.includes(site)) return { status: 403, message: 'no access to this site' };
	}
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
