import type { RoundScheduledData, RouteDefinedData } from './round-events';

/**
 * A round planned from a route as it stands: the data of the `RoundScheduled` the scheduler
 * appends. Pure.
 */

/** A guard is silent on a round after this many minutes without a scan, unless the route says, and never sooner than its longest leg allows. */
export const ROUND_SILENCE_MINUTES = 15;

/** The route's lone-worker limit: its own, else the default stretched to its longest leg plus that stop's tolerance. */
export function silenceMinutesOf(route: Pick<RouteDefinedData, 'stops' | 'silenceMinutes'>): number {
	if (route.silenceMinutes !== undefined) return route.silenceMinutes;
	return Math.max(ROUND_SILENCE_MINUTES, ...route.stops.map((s) => s.legMinutes + s.toleranceMinutes));
}

/** A schedule's round id: one round per schedule and planned start, so scheduling twice is harmless. */
export const roundIdOf = (schedule: string, plannedStart: Date) => `${schedule}@${plannedStart.toISOString()}`;

/** The `RoundScheduled` data for one planned start of a route. */
export function planRound(
	route: RouteDefinedData,
	round: { round: string; schedule: string | null; guard: string | null; plannedStart: Date }
): RoundScheduledData {
	return {
		round: round.round,
		route: route.route,
		schedule: round.schedule,
		guard: round.guard,
		plannedStart: round.plannedStart.toISOString(),
		mode: route.mode,
		stops: route.stops.map((s) => ({ ...s })),
		silenceMinutes: silenceMinutesOf(route)
	};
}
