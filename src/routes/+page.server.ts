import { redirect } from '@sveltejs/kit';
import { indexGuardNames, type FloorPlan, type LocalizedName, type SitePlan } from '$lib/domain/site/model';
import { loadWatchedSites } from '$lib/server/realtime/watched-sites';
import type { PageServerLoad } from './$types';

/** First paint: the snapshot of every site this user may watch (head seq, incident queue), their plans and floor plans. */
export const load: PageServerLoad = async ({ locals }) => {
	// A guard account has no console: its page is the phone's.
	if (locals.user?.role === 'guard') redirect(303, '/guard');
	// Null, not undefined: the page data is serialised, and the map's prop says "no tiles" either way.
	const tiles = locals.runtime.config.mapTiles ?? null;
	const watched = await loadWatchedSites(locals.runtime, locals.user!);
	// Each site's model in one read (plan, floor plans, guards), as a console re-reads it after an import.
	const models = (watched ?? []).flatMap((w) => (w.model ? [w.model] : []));
	const plans: Record<string, SitePlan> = Object.fromEntries(models.map((m) => [m.id, m.plan]));
	const floorPlans: Record<string, FloorPlan[]> = Object.fromEntries(models.map((m) => [m.id, m.floorPlans]));
	const guardNames: Record<string, Record<string, LocalizedName>> = Object.fromEntries(models.map((m) => [m.id, indexGuardNames(m.guards)]));
	return { forbidden: watched === null, sites: (watched ?? []).map((w) => w.snapshot), plans, floorPlans, guardNames, tiles };
};
