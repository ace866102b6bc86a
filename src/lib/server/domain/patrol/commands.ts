import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope } from '$lib/domain/events';
import type { RouteDefinedData, ScheduleDefinedData } from '$lib/domain/patrol/round-events';
import { isRoundActive } from '$lib/domain/patrol/round';
import { routeRowId, scheduleRowId } from '$lib/domain/patrol/plans';
import type { Tx } from '../../db/client';
import { newEvent, type Decision, type RunCommand } from '../../commands';
import { getRound } from './queries';

export const PATROL_REFUSALS = ['unknown_site', 'unknown_checkpoint', 'unknown_route', 'unknown_schedule', 'unknown_guard', 'unknown_round', 'round_finished', 'not_pending'] as const;
export type PatrolRefusal = (typeof PATROL_REFUSALS)[number];
export type PatrolOutcome = { ok: true; events: EventEnvelope[] } | { ok: false; reason: PatrolRefusal };

/** HTTP status of a refusal: something named that does not exist 404 (a checkpoint or guard in the body: 400), a round past it 409. */
export const statusOfPatrolRefusal = (r: PatrolRefusal) =>
	r === 'unknown_checkpoint' || r === 'unknown_guard' ? 400 : r === 'round_finished' || r === 'not_pending' ? 409 : 404;

async function hasGuard(tx: Tx, site: string, guard: string): Promise<boolean> {
	const [row] = await tx`select 1 from site s, jsonb_array_elements(s.guards) g where s.id = ${site} and g ->> 'id' = ${guard}`;
	return !!row;
}

async function hasPlanRow(tx: Tx, site: string, id: string): Promise<boolean> {
	const [row] = await tx`select 1 from patrol_plan where site = ${site} and id = ${id}`;
	return !!row;
}

/** Run one patrol decision as `user` and give back its events. */
async function runPatrol(run: RunCommand, user: SessionUser, site: string, decide: (tx: Tx, now: Date) => Promise<Decision<PatrolRefusal> | { ok: true; type: string; data: object }>): Promise<PatrolOutcome> {
	const outcome = await run<PatrolRefusal>(site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'unknown_site' };
		const d = await decide(tx, now);
		if (!d.ok) return d;
		if ('events' in d) return d;
		return { ok: true, events: [newEvent({ stream: site, type: d.type, sourceKind: 'user', sourceId: user.id, data: d.data } as never, now)] };
	});
	return outcome.ok ? { ok: true, events: outcome.envelopes } : outcome;
}

/** Make or replace a route: every stop must be a checkpoint of the site's plan. Rounds already made keep their copy. */
export const defineRoute = (run: RunCommand, user: SessionUser, site: string, route: RouteDefinedData) =>
	runPatrol(run, user, site, async (tx) => {
		const ids = [...new Set(route.stops.map((s) => s.checkpoint))];
		const found = await tx<{ id: string }[]>`select id from checkpoint where site = ${site} and id = any(${ids})`;
		if (found.length !== ids.length) return { ok: false, reason: 'unknown_checkpoint' };
		return { ok: true, type: 'RouteDefined', data: route };
	});

/** Remove a route and its schedules; rounds already made run to their end. */
export const removeRoute = (run: RunCommand, user: SessionUser, site: string, route: string) =>
	runPatrol(run, user, site, async (tx) =>
		(await hasPlanRow(tx, site, routeRowId(route))) ? { ok: true, type: 'RouteRemoved', data: { route } } : { ok: false, reason: 'unknown_route' }
	);

/** Make or replace a schedule of an existing route, assigned to a guard of the site's bundle or to whoever scans first. */
export const defineSchedule = (run: RunCommand, user: SessionUser, site: string, schedule: ScheduleDefinedData) =>
	runPatrol(run, user, site, async (tx) => {
		if (!(await hasPlanRow(tx, site, routeRowId(schedule.route)))) return { ok: false, reason: 'unknown_route' };
		if (schedule.guard !== null && !(await hasGuard(tx, site, schedule.guard))) return { ok: false, reason: 'unknown_guard' };
		return { ok: true, type: 'ScheduleDefined', data: schedule };
	});

export const removeSchedule = (run: RunCommand, user: SessionUser, site: string, schedule: string) =>
	runPatrol(run, user, site, async (tx) =>
		(await hasPlanRow(tx, site, scheduleRowId(schedule))) ? { ok: true, type: 'ScheduleRemoved', data: { schedule } } : { ok: false, reason: 'unknown_schedule' }
	);

/** Assign an active round to a guard (an operator's dispatch, or the guard taking it on the handset). */
export const claimRound = (run: RunCommand, user: SessionUser, site: string, round: string, guard: string) =>
	runPatrol(run, user, site, async (tx) => {
		const r = await getRound(tx, site, round);
		if (!r) return { ok: false, reason: 'unknown_round' };
		if (!isRoundActive(r)) return { ok: false, reason: 'round_finished' };
		if (!(await hasGuard(tx, site, guard))) return { ok: false, reason: 'unknown_guard' };
		return { ok: true, type: 'RoundClaimed', data: { round, guard } };
	});

/** Mark a pending checkpoint of an active round as not to be walked, with the reason. */
export const skipCheckpoint = (run: RunCommand, user: SessionUser, site: string, round: string, checkpoint: string, reason: string) =>
	runPatrol(run, user, site, async (tx) => {
		const r = await getRound(tx, site, round);
		if (!r) return { ok: false, reason: 'unknown_round' };
		if (!isRoundActive(r)) return { ok: false, reason: 'round_finished' };
		const c = r.checkpoints.find((x) => x.checkpoint === checkpoint);
		if (!c) return { ok: false, reason: 'unknown_checkpoint' };
		if (c.state !== 'pending') return { ok: false, reason: 'not_pending' };
		return { ok: true, type: 'CheckpointSkipped', data: { round, checkpoint, reason } };
	});
