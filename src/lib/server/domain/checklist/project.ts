import { applyChecklistEvent, checklistIdOf, checklists } from '$lib/domain/checklist/evolve';
import type { Checklist } from '$lib/domain/checklist/model';
import { nextOverdueAt } from '$lib/domain/checklist/rules';
import type { EventEnvelope } from '$lib/domain/events';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { WriteItem } from '../../event-log/types';
import { listAllChecklists, listChecklists, listOpenChecklists } from './queries';

/** The due-item kind of a checklist's next time limit. */
export const CHECKLIST_OVERDUE = 'checklist_overdue';
export const checklistOverdueKey = (incident: string) => `${CHECKLIST_OVERDUE}:${incident}`;

interface ChecklistsState {
	rows: SiteRows<Checklist>;
	loaded: Map<string, Checklist>;
}

/** The incidents a batch's inputs name (steps, resolving, closing): only commands send these. */
function namedBy(items: readonly WriteItem[]): string[] {
	const ids = new Set<string>();
	for (const item of items) {
		if (item.kind !== 'event' || item.event.sourceKind === 'device') continue;
		const id = checklistIdOf({ type: item.event.type, data: item.event.data } as EventEnvelope);
		if (id) ids.add(id);
	}
	return [...ids];
}

/**
 * Checklists (`checklist`): `evolveChecklist`. A batch of device input reads nothing; an attached
 * checklist is new, so it needs no read either. Each checklist with an open time limit keeps a
 * due item at its earliest one (`nextOverdueAt`), which the scheduler turns into
 * `ChecklistStepOverdue`.
 */
export const checklistsProjection: Projection<ChecklistsState, Checklist> = {
	name: 'checklists',
	rule: checklists,
	async load(tx, items) {
		const ids = namedBy(items);
		const loaded = ids.length ? await listChecklists(tx, ids) : [];
		return { rows: new SiteRows(loaded), loaded: new Map(loaded.map((c) => [c.id, c])) };
	},
	evolve: (state, e) => void applyChecklistEvent(state.rows.of(e.site), e),
	persist(tx, state) {
		const changed = state.rows.upserted();
		return changed.length ? [upsertChecklists(tx, changed).execute()] : [];
	},
	due(state) {
		const set = [];
		const clear = [];
		for (const c of state.rows.upserted()) {
			const at = nextOverdueAt(c);
			const before = state.loaded.get(c.id);
			if (before && nextOverdueAt(before) === at) continue;
			if (at) set.push({ key: checklistOverdueKey(c.id), stream: c.site, kind: CHECKLIST_OVERDUE, dueAt: at });
			else if (before) clear.push(checklistOverdueKey(c.id));
		}
		return { set, clear };
	},
	updates: (state) => state.rows.changes(),
	list: (sql, site) => listOpenChecklists(sql, site),
	stored: (sql, site) => listAllChecklists(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from checklist where site = ${site}`;
		if (rows.length) await upsertChecklists(tx, rows);
	}
};

function upsertChecklists(tx: Tx | Queryable, rows: readonly Checklist[]) {
	const q = tx as Tx;
	const values = rows.map((c) => ({ id: c.id, site: c.site, closed_at: c.closedAt, last_seq: c.lastSeq, state: c }));
	return q`
		insert into checklist (id, site, closed_at, last_seq, state)
		select id, site, closed_at, last_seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(id text, site text, closed_at timestamptz, last_seq int8, state jsonb)
		on conflict (id) do update set closed_at = excluded.closed_at, last_seq = excluded.last_seq, state = excluded.state`;
}
