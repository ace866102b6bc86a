import { z } from 'zod';
import { ID_PATTERN } from '../device/message';
import { LOCALES, type Locale } from '../site/model';

/**
 * Patrol rounds: routes and schedules (edited by people), rounds (made by the scheduler, walked
 * by guards), and the facts timers add (a window closed, a guard went silent). Guards and people
 * appear by id only: their names live in the site bundle, where they can be corrected or erased.
 */

const id = z.string().regex(ID_PATTERN);
/** The plan's checkpoint ids have the scan's id pattern. */
const checkpointId = id;
const label = z.string().trim().min(1).max(200);
const localizedName = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, label])) as Record<Locale, typeof label>);
const instant = z.iso.datetime({ offset: true });
/** A local wall-clock time, `HH:MM`, 00:00 to 23:59. */
const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const minutes = z.number().int().min(0).max(24 * 60);

/** `strict`: the checkpoints must be walked in route order; `any_order`: all within the round's time. */
export const ROUTE_MODES = ['strict', 'any_order'] as const;
export type RouteMode = (typeof ROUTE_MODES)[number];

/**
 * One stop of a route. `legMinutes` is the expected walk from the previous stop (for the first,
 * from the round's planned start, usually 0); the checkpoint's window is its expected time
 * ± `toleranceMinutes`.
 */
const routeStop = z.object({ checkpoint: checkpointId, legMinutes: minutes, toleranceMinutes: minutes });
export type RouteStop = z.infer<typeof routeStop>;

/**
 * When a schedule starts rounds, in the site's time zone. `every`: every `minutes` from `from`
 * (included) to `to` (excluded), crossing midnight when `to` ≤ `from` (equal: the whole day);
 * `daily`: at each time; `once`: at one instant.
 */
export const scheduleRule = z.discriminatedUnion('kind', [
	z.object({ kind: z.literal('every'), minutes: z.number().int().min(5).max(24 * 60), from: localTime, to: localTime }),
	z.object({ kind: z.literal('daily'), times: z.array(localTime).min(1).max(96) }),
	z.object({ kind: z.literal('once'), at: instant })
]);
export type ScheduleRule = z.infer<typeof scheduleRule>;

export const ROUND_EVENTS = {
	/** A route made or replaced; rounds already scheduled keep the stops they were scheduled with. */
	RouteDefined: z.object({
		route: id,
		name: localizedName,
		mode: z.enum(ROUTE_MODES),
		stops: z.array(routeStop).min(1).max(500),
		/** How long a guard on one of its rounds may go without a scan (lone-worker limit); a default when absent. */
		silenceMinutes: z.number().int().min(1).max(24 * 60).optional()
	}),
	RouteRemoved: z.object({ route: id }),
	/** `guard` null: its rounds are claimed by the first scan on them. */
	ScheduleDefined: z.object({ schedule: id, route: id, rule: scheduleRule, guard: id.nullable() }),
	ScheduleRemoved: z.object({ schedule: id }),
	/**
	 * A round, made by the scheduler with a copy of its route as it stood (`mode`, `stops`,
	 * `silenceMinutes`), so editing a route never rewrites rounds already planned and a replay
	 * needs nothing but the log. `schedule` null for a round started by hand.
	 */
	RoundScheduled: z.object({
		round: z.string().min(1).max(160),
		route: id,
		schedule: id.nullable(),
		guard: id.nullable(),
		plannedStart: instant,
		mode: z.enum(ROUTE_MODES),
		stops: z.array(routeStop).min(1).max(500),
		silenceMinutes: z.number().int().min(1).max(24 * 60)
	}),
	/** A guard took the round (from the handset, or assigned by an operator) before or instead of scanning. */
	RoundClaimed: z.object({ round: z.string(), guard: id }),
	/** A pending checkpoint that will not be walked, and why (a locked gate, a flooded garage). */
	CheckpointSkipped: z.object({ round: z.string(), checkpoint: checkpointId, reason: z.string().trim().min(1).max(500) }),
	/**
	 * Emitted by the timer at the end of a checkpoint's window: still pending, it is missed. It
	 * names the route and the round's guard as they stood, so the patrol exception it opens or
	 * updates needs nothing else.
	 */
	RoundWindowClosed: z.object({ round: z.string(), route: id, checkpoint: checkpointId, guard: id.nullable() }),
	/**
	 * Emitted by the timer when a guard on a round in progress has not been heard from for the
	 * round's limit. `since` is the last contact the timer saw: a scan received after it makes
	 * the note stale, as the guard is no longer silent.
	 */
	GuardSilenceNoted: z.object({ round: z.string(), route: id, guard: id, since: instant }),
	/**
	 * Emitted by the timer after a missed checkpoint was scanned after all: made inside its window
	 * and uploaded late (`on_time`), or walked late (`late`). The patrol exception notes it.
	 */
	MissedCheckpointScanned: z.object({
		round: z.string(),
		route: id,
		checkpoint: checkpointId,
		guard: id.nullable(),
		state: z.enum(['on_time', 'late']),
		scannedAt: instant,
		receivedAt: instant
	}),
	/** Emitted by the timer after a guard noted silent was heard from again (`at`: that scan's receipt). */
	GuardContactResumed: z.object({ round: z.string(), route: id, guard: id, at: instant })
} as const;

export type RoundEventType = keyof typeof ROUND_EVENTS;
export type RouteDefinedData = z.infer<(typeof ROUND_EVENTS)['RouteDefined']>;
export type ScheduleDefinedData = z.infer<(typeof ROUND_EVENTS)['ScheduleDefined']>;
export type RoundScheduledData = z.infer<(typeof ROUND_EVENTS)['RoundScheduled']>;
