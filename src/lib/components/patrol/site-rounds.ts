import type { PatrolPlanRow } from '$lib/domain/patrol/plans';
import type { RoundRow } from '$lib/domain/patrol/rounds';

/** The store's read of one projection's rows of a site. */
interface ProjectionReader {
	siteRows(name: string, site: string): { id: string }[];
}

/**
 * A site's `rounds` and `patrolPlans` rows as the browser store holds them: the store is fed
 * whatever projections the server publishes, so these names' row types are stated here.
 */
export const listSiteRounds = (store: ProjectionReader, site: string) => store.siteRows('rounds', site) as RoundRow[];
export const listSitePatrolPlans = (store: ProjectionReader, site: string) => store.siteRows('patrolPlans', site) as PatrolPlanRow[];
