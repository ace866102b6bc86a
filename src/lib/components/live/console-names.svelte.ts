import { getLocale } from '$lib/paraglide/runtime.js';
import type { LocalizedName, SitePlan } from '$lib/domain/site/model';
import { listFeatures } from '$lib/domain/site/model';
import type { ConsoleState } from '$lib/realtime/console-state.svelte';
import { createPatrolNames, type PatrolNames } from '../patrol/patrol-names';
import type { EventNames } from './event-text';

/** What the console knows of each site's model: its plan and its guards' names. */
export interface ConsoleModel {
	plans: Record<string, SitePlan>;
	guardNames: Record<string, Record<string, LocalizedName>>;
}

/** How the console names things on each site. */
export interface ConsoleNames {
	/** Checkpoint names by site and id, from each site's plan. */
	readonly checkpoints: Record<string, Map<string, LocalizedName>>;
	/** Routes and rounds by name, per site. */
	readonly patrol: Map<string, PatrolNames>;
	/** The names `describeEvent` reads (feed and history). */
	readonly events: EventNames;
}

/**
 * How the console names things, per site: checkpoints and guards from the bundle, routes and
 * rounds from the patrol projections. One source for the feed, the incident history, the queue and
 * the patrol panel, re-derived as the model or the projections change.
 */
export function createConsoleNames(live: ConsoleState, model: () => ConsoleModel): ConsoleNames {
	const checkpoints = $derived(
		Object.fromEntries(
			Object.entries(model().plans).map(([site, plan]) => [site, new Map(listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f.properties.name]))])
		)
	);
	const patrol = $derived(
		new Map<string, PatrolNames>(
			[...live.sites.values()].map((site) => [
				site.id,
				createPatrolNames(
					{
						plans: live.projections.siteRows('patrolPlans', site.id),
						rounds: live.projections.siteRows('rounds', site.id),
						guards: model().guardNames[site.id],
						checkpoints: checkpoints[site.id],
						timeZone: site.timeZone
					},
					getLocale()
				)
			])
		)
	);
	return {
		get checkpoints() {
			return checkpoints;
		},
		get patrol() {
			return patrol;
		},
		events: {
			guard: (site, id) => model().guardNames[site]?.[id]?.[getLocale()],
			checkpoint: (site, id) => checkpoints[site]?.get(id)?.[getLocale()],
			route: (site, id) => patrol.get(site)?.route(id),
			round: (site, id) => patrol.get(site)?.round(id),
			time: (site, iso) => patrol.get(site)?.time(iso)
		}
	};
}
