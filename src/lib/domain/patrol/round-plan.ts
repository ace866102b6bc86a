import type { RoundScheduledData, RouteDefinedData, ScheduleRule } from './round-events';
import { windowsOf } from './round';
import { listPlannedStarts } from './schedule';

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

/** Rounds are made this long before their planned start, so consoles and handsets see them coming. */
export const ROUND_PLAN_AHEAD_MS = 60 * 60_000;
const LOOK_FOR_NEXT_MS = 8 * 24 * 60 * 60_000;

/**
 * The planned starts a schedule's timer makes rounds for at `now`, and when it is next due.
 * Starts run from just after the last one planned (or, for a new schedule, from the earliest
 * whose first window has not yet ended, so the round under way is walked too) to `now` plus the
 * look-ahead; never a round whose first window already ended (after an outage the missed hours
 * are not filled with rounds nobody could walk). Pure.
 */
export function listRoundsToPlan(
	route: Pick<RouteDefinedData, 'mode' | 'stops'>,
	schedule: { rule: ScheduleRule; lastPlannedStart: string | null },
	now: Date,
	timeZone: string
): { starts: Date[]; nextPlanAt: Date | null } {
	const firstEnd = Math.min(...windowsOf({ plannedStart: new Date(0).toISOString(), mode: route.mode, stops: route.stops }).map((w) => Date.parse(w.windowEnd)));
	const earliest = now.getTime() - firstEnd;
	const after = schedule.lastPlannedStart === null ? -Infinity : Date.parse(schedule.lastPlannedStart) + 1;
	const to = new Date(now.getTime() + ROUND_PLAN_AHEAD_MS);
	const starts = listPlannedStarts(schedule.rule, new Date(Math.max(earliest + 1, after)), to, timeZone);
	const [next] = listPlannedStarts(schedule.rule, to, new Date(to.getTime() + LOOK_FOR_NEXT_MS), timeZone);
	return { starts, nextPlanAt: next ? new Date(next.getTime() - ROUND_PLAN_AHEAD_MS) : null };
}
