import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { EventEnvelope } from '$lib/domain/events';
import { RowSet, type RowChanges } from '$lib/domain/projection';
import { applyShiftEvent, shiftIdOf, shifts } from '$lib/domain/shift/evolve';
import type { Shift } from '$lib/domain/shift/model';
import type { Queryable, Tx } from '../../db/client';
import type { Projection } from '../../event-log/projection';
import type { WriteItem } from '../../event-log/types';
import { listAllShifts, listCurrentShifts, listShifts } from './queries';

/** The shifts a batch's inputs name (and the one a started shift follows): only commands send these. */
function namedBy(items: readonly WriteItem[]): string[] {
	const ids = new Set<string>();
	for (const item of items) {
		if (item.kind !== 'event' || item.event.stream !== SYSTEM_STREAM) continue;
		const e = { type: item.event.type, data: item.event.data } as EventEnvelope;
		const id = shiftIdOf(e);
		if (id) ids.add(id);
		if (e.type === 'ShiftStarted' && e.data.previous) ids.add(e.data.previous);
	}
	return [...ids];
}

/**
 * The duty shifts (`shift`), a view of the system stream: `evolveShift`. A batch without a
 * shift event (every device batch) reads nothing. Consoles receive its changes in the shift room
 * (`SHIFT_ROOM`), and its rows with `shifts:join`: the shift on duty and the last few ended.
 */
export const shiftsProjection: Projection<RowSet<Shift>, Shift> = {
	name: 'shifts',
	stream: 'system',
	rule: shifts,
	async load(tx, items) {
		const ids = namedBy(items);
		return new RowSet(ids.length ? await listShifts(tx, ids) : []);
	},
	evolve: (rows, e) => void applyShiftEvent(rows, e),
	persist(tx, rows) {
		const changed = rows.changes().upsert;
		return changed.length ? [upsertShifts(tx, changed).execute()] : [];
	},
	updates(rows) {
		const changes: RowChanges<Shift> = rows.changes();
		return changes.upsert.length ? new Map([[SYSTEM_STREAM, changes]]) : new Map();
	},
	list: (sql, stream) => (stream === SYSTEM_STREAM ? listCurrentShifts(sql) : Promise.resolve([])),
	stored: (sql, stream) => (stream === SYSTEM_STREAM ? listAllShifts(sql) : Promise.resolve([])),
	async replace(tx, stream, rows) {
		if (stream !== SYSTEM_STREAM) return;
		await tx`delete from shift`;
		if (rows.length) await upsertShifts(tx, rows);
	}
};

function upsertShifts(tx: Tx | Queryable, rows: readonly Shift[]) {
	const q = tx as Tx;
	const values = rows.map((s) => ({ id: s.id, started_at: s.startedAt, ended_at: s.endedAt, last_seq: s.lastSeq, state: s }));
	return q`
		insert into shift (id, started_at, ended_at, last_seq, state)
		select id, started_at, ended_at, last_seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(id text, started_at timestamptz, ended_at timestamptz, last_seq int8, state jsonb)
		on conflict (id) do update set ended_at = excluded.ended_at, last_seq = excluded.last_seq, state = excluded.state`;
}
