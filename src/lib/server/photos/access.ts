import { error } from '@sveltejs/kit';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import { requireLinkedGuard } from '../domain/guard/phone-items';

/**
 * Who may send and see a site's photos, beyond what the route's rule checked (the role and the
 * site's membership): a guard only for the site their account walks as, and only from a
 * signed-in phone; the control room as the rule says.
 */

const HANDLERS: readonly SessionUser['role'][] = ['admin', 'manager', 'operator'];

/** A guard linked to `site` (from a session, not a token), or a handler of the site; else 401/403. */
export function requirePhotoSender(user: SessionUser | null, site: string, viaToken: boolean): SessionUser {
	if (!user) error(401, 'sign in first');
	if (user.role === 'guard') {
		if (viaToken) error(403, 'a guard sends photos from the guard page, signed in');
		requireLinkedGuard(user, site);
		return user;
	}
	if (!HANDLERS.includes(user.role) || (user.role !== 'admin' && !user.sites.includes(site))) error(403, 'no access to this site');
	return user;
}

/** A watcher of `site`, or the guard linked to it; else 401/403. */
export function requirePhotoReader(user: SessionUser | null, site: string): SessionUser {
	if (!user) error(401, 'sign in first');
	if (user.role === 'guard') requireLinkedGuard(user, site);
	else if (!canWatchSite(user, site)) error(403, 'no access to this site');
	return user;
}
