import { decidePatrolTimer, patrolDueAt } from '$lib/domain/patrol/round-due';
import { listRoundsToPlan, planRound, roundIdOf } from '$lib/domain/patrol/round-plan';
import type { PatrolRoute, PatrolSchedule } from '$lib/domain/patrol/plans';
import { routeRowId, scheduleRowId } from '$lib/domain/patrol/plans';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, writeDueItems, type DueItem } from '../../scheduler/due-items';
import { getGuardLastContact, getRound } from './queries';

/** Who appends the patrol timers' facts, in the log. */
export const PATROL_TIMER_SOURCE = 'patrol';

/** The due-item kind of a schedule's next planning. */
export const ROUND_PLAN = 'round-plan';
export const roundPlanKey = (site: string, schedule: string) => `${ROUND_PLAN}:${site}:${schedule}`;
/** The due-item kind of a round's next window end, silence or note owed. */
export const PATROL = 'patrol';
export const patrolKey = (site: string, round: string) => `${PATROL}:${site}:${round}`;

/** The site and the rest of a key `<kind>:<site>:<rest>` (site ids have no ':'; rounds' ids do). */
function splitKey(kind: string, key: string): { site: string; rest: string } {
	const tail = key.slice(kind.length + 1);
	const cut = tail.indexOf(':');
	return { site: tail.slice(0, cut), rest: tail.slice(cut + 1) };
}

/**
 * Plan a schedule's rounds: under the site's lock, the rounds due by the look-ahead that do not
 * exist yet become `RoundScheduled`, each with a copy of its route as it stands; the item moves
 * to the next planning (or goes, for a one-off done).
 */
export const roundPlanTimer = (run: RunCommand) => async (item: DueItem) => {
	const { site, rest: schedule } = splitKey(ROUND_PLAN, item.key);
	await run<'nothing_to_plan'>(
		site,
		async ({ tx, now }) => {
			const [s] = await tx<{ state: PatrolSchedule; time_zone: string }[]>`
				select p.state, st.time_zone from patrol_plan p join site st on st.id = p.site where p.site = ${site} and p.id = ${scheduleRowId(schedule)}`;
			const [r] = s ? await tx<{ state: PatrolRoute }[]>`select state from patrol_plan where site = ${site} and id = ${routeRowId(s.state.route)}` : [];
			if (!s || !r) {
				await clearDueItem(tx, item);
				return { ok: false, reason: 'nothing_to_plan' };
			}
			const { starts, nextPlanAt } = listRoundsToPlan(r.state, s.state, now, s.time_zone);
			const ids = starts.map((start) => roundIdOf(schedule, start));
			const existing = new Set((await tx<{ id: string }[]>`select id from patrol_round where site = ${site} and id = any(${ids})`).map((x) => x.id));
			const route = { route: r.state.route, mode: r.state.mode, stops: r.state.stops, name: r.state.name, ...(r.state.silenceMinutes !== null && { silenceMinutes: r.state.silenceMinutes }) };
			const events = starts
				.filter((start, n) => !existing.has(ids[n]))
				.map((start, n) =>
					newEvent(
						{ stream: site, type: 'RoundScheduled', sourceKind: 'system', sourceId: PATROL_TIMER_SOURCE, data: planRound(route, { round: roundIdOf(schedule, start), schedule, guard: s.state.guard, plannedStart: start }) },
						now
					)
				);
			if (nextPlanAt) await writeDueItems(tx, { set: [{ ...item, dueAt: nextPlanAt.toISOString() }], clear: [] });
			else await clearDueItem(tx, item);
			return events.length ? { ok: true, events } : { ok: false, reason: 'nothing_to_plan' };
		},
		{ channel: 'system', topic: null }
	);
};

/**
 * Fire a round's patrol timer: decided again under the site's lock on the round as stored (a
 * scan may just have come in) and the guard's last scan anywhere on the site, its windows
 * closed, its guard's silence, and the notes owed (`decidePatrolTimer`); the rounds projection
 * then moves the item. With nothing to append,
 * the item is moved to the round's next due time, or removed.
 */
export const patrolTimer = (run: RunCommand) => async (item: DueItem) => {
	const { site, rest: id } = splitKey(PATROL, item.key);
	await run<'nothing_due'>(
		site,
		async ({ tx, now }) => {
			const round = await getRound(tx, site, id);
			const contact = round?.guard ? await getGuardLastContact(tx, site, round.guard) : null;
			const decided = round ? decidePatrolTimer(round, now, contact) : [];
			if (!round || !decided.length) {
				const next = round ? patrolDueAt(round, contact) : null;
				if (next && next.getTime() > now.getTime()) await writeDueItems(tx, { set: [{ ...item, dueAt: next.toISOString() }], clear: [] });
				else await clearDueItem(tx, item);
				return { ok: false, reason: 'nothing_due' };
			}
			const events = decided.map((d) => newEvent({ stream: site, type: d.type, sourceKind: 'system', sourceId: PATROL_TIMER_SOURCE, data: d.data }, now));
			return { ok: true, events };
		},
		{ channel: 'system', topic: null }
	);
};
