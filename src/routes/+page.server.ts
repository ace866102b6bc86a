import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { indexGuardNames, type FloorPlan, type LocalizedName, type SitePlan } from '$lib/domain/site/model';
import { getSite, listSites } from '$lib/server/domain/site/queries';
import type { SiteSnapshot } from '$lib/realtime/contract';
import type { PageServerLoad } from './$types';

/** First paint: the snapshot of every site this user may watch (head seq, incident queue), their plans and floor plans. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	// Null, not undefined: the page data is serialised, and the map's prop says "no tiles" either way.
	const tiles = locals.runtime.config.mapTiles ?? null;
	if (!canWatchLive(user)) {
		return { forbidden: true, sites: [] as SiteSnapshot[], plans: {} as Record<string, SitePlan>, floorPlans: {} as Record<string, FloorPlan[]>, guardNames: {} as Record<string, Record<string, LocalizedName>>, tiles };
	}
	const { sql } = locals.runtime;
	const sites = (await listSites(sql)).filter((s) => canWatchSite(user, s.id));
	const snapshots = (await Promise.all(sites.map((s) => locals.runtime.getSnapshot(s.id)))).filter((s): s is SiteSnapshot => s !== null);
	// Each site's model in one read (plan, floor plans, guards), as a console re-reads it after an import.
	const models = (await Promise.all(snapshots.map((s) => getSite(sql, s.id)))).filter((m) => m !== null);
	const plans: Record<string, SitePlan> = Object.fromEntries(models.map((m) => [m.id, m.plan]));
	const floorPlans: Record<string, FloorPlan[]> = Object.fromEntries(models.map((m) => [m.id, m.floorPlans]));
	const guardNames = Object.fromEntries(models.map((m) => [m.id, indexGuardNames(m.guards)]));
	return { forbidden: false, sites: snapshots, plans, floorPlans, guardNames, tiles };
};
