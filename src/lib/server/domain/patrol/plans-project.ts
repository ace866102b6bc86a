import { evolvePatrolPlans, PATROL_PLAN_EVENT_TYPES, patrolPlans, type PatrolPlanRow } from '$lib/domain/patrol/plans';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { DueItem } from '../../scheduler/due-items';
import { listPatrolPlans } from './queries';
import { ROUND_PLAN, roundPlanKey } from './timers';

interface PatrolPlansState {
	rows: SiteRows<PatrolPlanRow>;
	/** The seq each loaded row was defined at: a schedule defined anew is planned at once. */
	loadedSeq: Map<string, number>;
}

/**
 * Routes and schedules (`patrol_plan`): `evolvePatrolPlans`. Loads a site's rows only for a
 * batch that defines, removes or schedules something there. Each schedule defined (or
 * redefined) is due for planning at once; the planning timer then keeps its item at the next
 * start less the look-ahead.
 */
export const patrolPlansProjection: Projection<PatrolPlansState, PatrolPlanRow> = {
	name: 'patrolPlans',
	rule: patrolPlans,
	async load(tx, items) {
		const sites = [...new Set(items.flatMap((i) => (i.kind === 'event' && PATROL_PLAN_EVENT_TYPES.has(i.event.type) ? [i.event.stream] : [])))];
		if (!sites.length) return { rows: new SiteRows(), loadedSeq: new Map() };
		const rows = (await tx<{ state: PatrolPlanRow }[]>`select state from patrol_plan where site = any(${sites})`).map((r) => r.state);
		return { rows: new SiteRows(rows), loadedSeq: new Map(rows.map((r) => [`${r.site}/${r.id}`, r.seq])) };
	},
	evolve: (state, e) => evolvePatrolPlans(state.rows.of(e.site), e),
	persist(tx, state) {
		const writes: Promise<unknown>[] = [];
		for (const [site, { upsert, remove }] of state.rows.changes()) {
			if (upsert.length) writes.push(upsertPlans(tx, upsert).execute());
			if (remove.length) writes.push(tx`delete from patrol_plan where site = ${site} and id = any(${remove})`.execute());
		}
		return writes;
	},
	due(state) {
		const set: DueItem[] = [];
		const clear: string[] = [];
		for (const [site, { upsert, remove }] of state.rows.changes()) {
			for (const r of upsert) {
				if (r.kind !== 'schedule' || state.loadedSeq.get(`${site}/${r.id}`) === r.seq) continue;
				set.push({ key: roundPlanKey(site, r.schedule), stream: site, kind: ROUND_PLAN, dueAt: r.definedAt });
			}
			for (const id of remove) if (id.startsWith('schedule/')) clear.push(roundPlanKey(site, id.slice('schedule/'.length)));
		}
		return { set, clear };
	},
	updates: (state) => state.rows.changes(),
	list: (sql, site) => listPatrolPlans(sql, site),
	stored: (sql, site) => listPatrolPlans(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from patrol_plan where site = ${site}`;
		if (rows.length) await upsertPlans(tx, rows);
	}
};

function upsertPlans(tx: Tx | Queryable, rows: readonly PatrolPlanRow[]) {
	const q = tx as Tx;
	const values = rows.map((r) => ({ site: r.site, id: r.id, kind: r.kind, state: r }));
	return q`
		insert into patrol_plan (site, id, kind, state)
		select site, id, kind, state from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(site text, id text, kind text, state jsonb)
		on conflict (site, id) do update set kind = excluded.kind, state = excluded.state`;
}
