import { listFeatures, type SiteBundle } from '$lib/domain/site/model';
import { routesOfBundle } from '$lib/domain/patrol/bundle-routes';
import { windowsOf } from '$lib/domain/patrol/round';
import type { RouteDefinedData, ScheduleRule } from '$lib/domain/patrol/round-events';
import { roundIdOf, silenceMinutesOf } from '$lib/domain/patrol/round-plan';
import { listPlannedStarts } from '$lib/domain/patrol/schedule';

/**
 * The demo guards' walks of the site's real rounds, as pure functions of a planned start and a
 * random source: the same routes, schedules and windows the server plans from the bundle (no
 * server reads), walked mostly on time, sometimes late, now and then with a checkpoint skipped
 * or a guard gone silent, so the console shows every patrol exception.
 */

const MINUTE_MS = 60_000;
/** A guard never scans two checkpoints closer together than this. */
const MIN_GAP_MS = 20_000;

/** A route as the demo walks it: the route and schedule the server plans from, its handheld and its guards. */
export interface Patrol {
	route: RouteDefinedData;
	schedule: string;
	rule: ScheduleRule;
	device: string;
	/** Guards take turns on a route, one round each. */
	guards: string[];
}

/** How often the guards get it wrong; shares from 0 to 1. */
export interface WalkOptions {
	/** Share of checkpoints scanned after their window has ended. */
	lateShare?: number;
	/** Share of checkpoints left unscanned. */
	skipShare?: number;
	/** Share of rounds on which the guard goes silent mid-round for longer than the route's limit. */
	silenceShare?: number;
	/** Share of silent guards who never come back to the round. */
	abandonShare?: number;
	/** Spread of an on-time scan around its expected time, in minutes (at most a quarter of its tolerance). */
	jitterMinutes?: number;
}

export const DEFAULT_WALK_OPTIONS: Readonly<Required<WalkOptions>> = Object.freeze({
	lateShare: 0.04,
	skipShare: 0.03,
	silenceShare: 0.08,
	abandonShare: 0.5,
	jitterMinutes: 1
});

/**
 * What became of one stop: scanned as walked (on time, unless a silence or, in strict order, a
 * late checkpoint before it held the guard up), scanned after its window on purpose, or not at all.
 */
export type StopFate = 'walked' | 'late' | 'skipped' | 'abandoned';

export interface WalkedStop {
	checkpoint: string;
	fate: StopFate;
	/** The scan's own time, epoch ms; null when not scanned. */
	atMs: number | null;
}

/** One guard's walk of one planned round. */
export interface RoundWalk {
	/** The server's id for the round (`roundIdOf`). */
	round: string;
	route: string;
	device: string;
	guard: string;
	plannedStartMs: number;
	/** The guard's silence: from the last scan before it to the first after it (null: never came back). */
	silence: { fromMs: number; toMs: number | null } | null;
	/** In route order. */
	stops: WalkedStop[];
}

/**
 * One patrol per patrol route with checkpoints, a handheld (its own, else one of the site's in
 * turn) and at least one guard; guards are dealt to routes round-robin.
 */
export function listPatrols(bundle: SiteBundle): Patrol[] {
	const handhelds = bundle.devices.filter((d) => d.kind === 'guard_handheld').map((d) => d.id);
	const guards = bundle.guards.map((g) => g.id);
	const plans = new Map(routesOfBundle(bundle).map((p) => [p.route.route, p]));
	const routes = listFeatures(bundle, 'patrol_route').filter((r) => r.properties.checkpoints.length > 0);
	return routes.flatMap((r, i) => {
		const device = r.properties.device ?? handhelds[i % handhelds.length];
		const dealt = guards.filter((_, j) => j % routes.length === i);
		const onRoute = dealt.length ? dealt : guards.length ? [guards[i % guards.length]] : [];
		const plan = plans.get(r.properties.id);
		if (!device || onRoute.length === 0 || !plan) return [];
		return [{ route: plan.route, schedule: plan.schedule.schedule, rule: plan.schedule.rule, device, guards: onRoute }];
	});
}

/** The planned starts of a patrol's rounds in `[fromMs, toMs)`, epoch ms, on the site's wall clock. */
export function listRoundStarts(patrol: Patrol, fromMs: number, toMs: number, timeZone: string): number[] {
	return listPlannedStarts(patrol.rule, new Date(fromMs), new Date(toMs), timeZone).map((d) => d.getTime());
}

/** The checkpoints' windows of the round planned at `plannedStartMs`, as the server computes them. */
export function listWindows(patrol: Patrol, plannedStartMs: number): { startMs: number; endMs: number }[] {
	const { mode, stops } = patrol.route;
	return windowsOf({ plannedStart: new Date(plannedStartMs).toISOString(), mode, stops }).map((w) => ({
		startMs: Date.parse(w.windowStart),
		endMs: Date.parse(w.windowEnd)
	}));
}

/**
 * Whether the server has (or will have) this round open at `nowMs`: it makes a round at its
 * planned start, or at once on a new schedule while its first checkpoint's window has not ended.
 */
export function isRoundOpen(patrol: Patrol, plannedStartMs: number, nowMs: number): boolean {
	return listWindows(patrol, plannedStartMs)[0].endMs > nowMs;
}

/**
 * The guard on a round: by the round's place in the schedule's steps, not by the random source,
 * so a restarted demo sends the same guard to a round another run's scans already claimed.
 */
export function guardOf(patrol: Patrol, plannedStartMs: number): string {
	const stepMinutes = patrol.rule.kind === 'every' ? patrol.rule.minutes : 24 * 60;
	const turn = Math.floor(plannedStartMs / (stepMinutes * MINUTE_MS));
	return patrol.guards[((turn % patrol.guards.length) + patrol.guards.length) % patrol.guards.length];
}

/**
 * The guard's walk of the round planned at `plannedStartMs`: each checkpoint scanned at the
 * planned start plus the legs walked so far, give or take the jitter (inside its window), in
 * route order. With the options' shares, a checkpoint is skipped, or scanned 1 to 8 minutes after
 * its window (in any order the guard comes back to it after the round; in strict order the guard
 * is held up there and catches up by walking the next legs at double pace). Neither ever leaves
 * the guard quiet for the route's silence limit. On a whole round, and then with nothing else
 * wrong on it, the guard goes silent after a checkpoint early enough for the server to notice
 * before the round closes, 2 to 6 minutes past the limit, and then carries on that much behind,
 * or never scans again. Deterministic for a given random source.
 */
export function walkRound(patrol: Patrol, plannedStartMs: number, random: () => number, options: WalkOptions = {}): RoundWalk {
	const o = { ...DEFAULT_WALK_OPTIONS, ...options };
	const { route } = patrol;
	const windows = listWindows(patrol, plannedStartMs);
	const closesMs = Math.max(...windows.map((w) => w.endMs));
	const limitMs = silenceMinutesOf(route) * MINUTE_MS;
	const spreadMs = (tolerance: number) => Math.min(o.jitterMinutes, tolerance / 4) * MINUTE_MS;
	const begins = plannedStartMs + Math.round(random() * spreadMs(route.stops[0].toleranceMinutes));
	let walked = 0;
	const expected = route.stops.map((s) => begins + (walked += s.legMinutes) * MINUTE_MS);
	// The last scan before a silence: late enough to have started the round, early enough that
	// the limit runs out while a checkpoint is still pending.
	const silentAfter = expected.slice(0, -1).flatMap((t, i) => (t + 2 * spreadMs(route.stops[i].toleranceMinutes) + limitMs + MINUTE_MS < closesMs ? [i] : []));
	const silentAt = silentAfter.length && random() < o.silenceShare ? 1 + silentAfter[Math.floor(random() * silentAfter.length)] : -1;
	const abandons = silentAt > 0 && random() < o.abandonShare;
	let delay = 0;
	let last = -Infinity;
	let silence: RoundWalk['silence'] = null;
	const stops = route.stops.map((s, i): WalkedStop => {
		const { checkpoint } = s;
		if (abandons && i >= silentAt) {
			silence ??= { fromMs: last, toMs: null };
			return { checkpoint, fate: 'abandoned', atMs: null };
		}
		const paced = last + Math.max(MIN_GAP_MS, Math.round((s.legMinutes * MINUTE_MS) / 2));
		const trouble = silentAt < 0 ? random() : 1;
		// Trouble that would leave the guard quiet past the limit is a silence, which is drawn per round.
		const nextMs = i + 1 < expected.length ? expected[i + 1] + delay + spreadMs(s.toleranceMinutes) : closesMs;
		const quietEnough = last === -Infinity || nextMs - last < limitMs - MINUTE_MS;
		if (trouble < o.skipShare && quietEnough) return { checkpoint, fate: 'skipped', atMs: null };
		if (trouble < o.skipShare + o.lateShare) {
			const atMs = Math.max(windows[i].endMs + Math.round((1 + 7 * random()) * MINUTE_MS), paced);
			if (route.mode !== 'strict' && quietEnough) return { checkpoint, fate: 'late', atMs };
			if (route.mode === 'strict' && (last === -Infinity || atMs - last < limitMs - MINUTE_MS)) {
				last = atMs;
				return { checkpoint, fate: 'late', atMs };
			}
		}
		let atMs = Math.max(expected[i] + delay + Math.round((2 * random() - 1) * spreadMs(s.toleranceMinutes)), paced);
		if (i === silentAt) {
			atMs = Math.max(atMs, last + limitMs + Math.round((2 + 4 * random()) * MINUTE_MS));
			delay = atMs - expected[i];
			silence = { fromMs: last, toMs: atMs };
		}
		last = atMs;
		return { checkpoint, fate: 'walked', atMs };
	});
	return {
		round: roundIdOf(patrol.schedule, new Date(plannedStartMs)),
		route: route.route,
		device: patrol.device,
		guard: guardOf(patrol, plannedStartMs),
		plannedStartMs,
		silence,
		stops
	};
}
