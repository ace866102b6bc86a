import type { FloorPlan } from '$lib/domain/site';
import { demoEstate } from '$lib/server/demo/estate';

/**
 * A site's floor plans. Stand-in until site bundles (with their `floorPlans`) are stored:
 * then this is replaced by a query on the stored bundle. Until then only the demo estate has
 * any, taken from its bundle in code; every other site has none.
 */
export function listFloorPlans(siteId: string): FloorPlan[] {
	return siteId === demoEstate.site.id ? (demoEstate.floorPlans ?? []) : [];
}
