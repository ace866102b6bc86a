import type { GuardPosition } from '$lib/domain/patrol/guard-positions';
import type { PatrolPlanRow, PatrolRoute, PatrolSchedule } from '$lib/domain/patrol/plans';
import type { Round } from '$lib/domain/patrol/round';
import type { RoundRow } from '$lib/domain/patrol/rounds';
import { rounds as roundsRule } from '$lib/domain/patrol/rounds-projection';
import type { Queryable } from '../../db/client';

/** Each guard's last seen checkpoint at a site. */
export async function listGuardPositions(sql: Queryable, site: string): Promise<GuardPosition[]> {
	return await sql<GuardPosition[]>`select guard as id, site, guard, seq, checkpoint, device, at from guard_position where site = ${site} order by guard`;
}

/** A site's routes and schedules, routes first. */
export async function listPatrolPlans(sql: Queryable, site: string): Promise<PatrolPlanRow[]> {
	return (await sql<{ state: PatrolPlanRow }[]>`select state from patrol_plan where site = ${site} order by kind, id`).map((r) => r.state);
}

export async function listRoutes(sql: Queryable, site: string): Promise<PatrolRoute[]> {
	return (await sql<{ state: PatrolRoute }[]>`select state from patrol_plan where site = ${site} and kind = 'route' order by id`).map((r) => r.state);
}

export async function listSchedules(sql: Queryable, site: string): Promise<PatrolSchedule[]> {
	return (await sql<{ state: PatrolSchedule }[]>`select state from patrol_plan where site = ${site} and kind = 'schedule' order by id`).map((r) => r.state);
}

/** Every round and flagged scan the table holds for a site. */
export async function listAllRoundRows(sql: Queryable, site: string): Promise<RoundRow[]> {
	return (await sql<{ state: RoundRow }[]>`select state from patrol_round where site = ${site}`).map((r) => r.state);
}

/**
 * What a console shows of a site's rounds now: the same rows `rounds.view` gives a replay
 * (active rounds, and what finished since the site's day before), read from the rows that can
 * be among them (nothing dated more than three days back can).
 */
export async function listRoundsView(sql: Queryable, site: string, now: Date): Promise<RoundRow[]> {
	const since = new Date(now.getTime() - 3 * 24 * 60 * 60_000);
	const [zone] = await sql<{ time_zone: string }[]>`select time_zone from site where id = ${site}`;
	if (!zone) return [];
	const rows = (
		await sql<{ state: RoundRow }[]>`
			select state from patrol_round where site = ${site}
			and (status in ('scheduled', 'in_progress') or planned_start >= ${since} or takes_scans_until >= ${since})`
	).map((r) => r.state);
	return roundsRule.view!(roundsRule.restore(rows), now, { timeZone: zone.time_zone });
}

/**
 * A site's rounds, each with its checkpoints' states: `active` (scheduled or in progress), or
 * all whose planned start is in `[from, to)`, in planned order.
 */
export async function listRounds(sql: Queryable, site: string, q: { status: 'active' | 'all'; from: Date; to: Date; limit: number }): Promise<Round[]> {
	const rows =
		q.status === 'active'
			? await sql<{ state: Round }[]>`
				select state from patrol_round where site = ${site} and kind = 'round' and status in ('scheduled', 'in_progress')
				order by planned_start, id limit ${q.limit}`
			: await sql<{ state: Round }[]>`
				select state from patrol_round where site = ${site} and kind = 'round' and planned_start >= ${q.from} and planned_start < ${q.to}
				order by planned_start, id limit ${q.limit}`;
	return rows.map((r) => r.state);
}

/** One round as stored, or null. */
export async function getRound(sql: Queryable, site: string, id: string): Promise<Round | null> {
	const [row] = await sql<{ state: RoundRow }[]>`select state from patrol_round where site = ${site} and id = ${id}`;
	return row?.state.kind === 'round' ? row.state : null;
}

/** The receipt of a guard's last live scan on a site (from the guard-positions projection), ISO; null when none. */
export async function getGuardLastContact(sql: Queryable, site: string, guard: string): Promise<string | null> {
	const [row] = await sql<{ received_at: Date }[]>`
		select e.received_at from guard_position g join event e on e.stream = g.site and e.seq = g.seq where g.site = ${site} and g.guard = ${guard}`;
	return row ? row.received_at.toISOString() : null;
}
