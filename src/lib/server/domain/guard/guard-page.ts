import type { SessionUser } from '$lib/domain/access';
import type { LocalizedName, SitePlan } from '$lib/domain/site/model';
import type { Runtime } from '../../runtime';
import { listRoutes } from '../patrol/queries';
import { getSite } from '../site/queries';

/** Why an account has no guard page: not a guard account, not linked to a guard, or its site is gone. */
export type GuardPageRefusal = 'not_guard' | 'not_linked' | 'no_site';

/**
 * What the guard's page needs besides its live snapshot (`GET /api/sites/{site}/guard`): the
 * site's plan, for the map of a dispatched incident, and its routes' names. They change only when
 * the site or its routes are edited, so they come with the page, which the service worker keeps
 * for a reload without network.
 */
export type GuardPageData =
	| { refusal: null; site: string; guard: string; plan: SitePlan; routeNames: Record<string, LocalizedName> }
	| { refusal: GuardPageRefusal };

export async function loadGuardPage(runtime: Pick<Runtime, 'sql'>, user: SessionUser | null): Promise<GuardPageData> {
	if (user?.role !== 'guard') return { refusal: 'not_guard' };
	if (!user.guard) return { refusal: 'not_linked' };
	const { site, guard } = user.guard;
	const [detail, routes] = await Promise.all([getSite(runtime.sql, site), listRoutes(runtime.sql, site)]);
	if (!detail) return { refusal: 'no_site' };
	return { refusal: null, site, guard, plan: detail.plan, routeNames: Object.fromEntries(routes.map((r) => [r.route, r.name])) };
}
