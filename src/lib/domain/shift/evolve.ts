import { SYSTEM_STREAM } from '../envelope';
import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import type { Shift } from './model';

/**
 * A shift after one event of its own. Events are facts already decided (`lib/domain/shift/rules`),
 * applied without re-checking; one at or below the shift's last seq changes nothing. The second
 * side's signature ends the shift: whoever was still on signs off with it. Returns `current`
 * itself when the event changes nothing.
 */
export function evolveShift(current: Shift | undefined, e: EventEnvelope): Shift | undefined {
	if (e.site !== SYSTEM_STREAM) return current;
	const at = e.receivedAt;
	const by = e.source.id;
	if (e.type === 'ShiftStarted') {
		if (current) return current;
		const d = e.data;
		return {
			id: d.shift,
			startedAt: at,
			startedBy: by,
			operators: d.operators.map((user) => ({ user, joinedAt: at, leftAt: null })),
			managerOnDuty: d.managerOnDuty,
			sites: d.sites,
			previous: d.previous,
			log: [],
			handover: null,
			endedAt: null,
			next: null,
			lastSeq: e.seq
		};
	}
	if (!current || e.seq <= current.lastSeq) return current;
	const next = { ...current, lastSeq: e.seq };
	switch (e.type) {
		case 'ShiftJoined':
			return { ...next, operators: [...current.operators, { user: e.data.user, joinedAt: at, leftAt: null }] };
		case 'ShiftLeft':
			return { ...next, operators: current.operators.map((o) => (o.user === e.data.user && o.leftAt === null ? { ...o, leftAt: at } : o)) };
		case 'DutyLogWritten':
			return { ...next, log: [...current.log, { n: current.log.length + 1, kind: e.data.kind, text: e.data.text, at, by }] };
		case 'HandoverProposed': {
			const { next: incoming, openIncidents, unfinishedChecklists, notes } = e.data;
			return { ...next, handover: { proposedAt: at, proposedBy: by, next: incoming, openIncidents, unfinishedChecklists, notes, outgoing: null, incoming: null } };
		}
		case 'HandoverSigned': {
			if (!current.handover) return current;
			const handover = { ...current.handover, [e.data.side]: { by, at } };
			if (!handover.outgoing || !handover.incoming) return { ...next, handover };
			return { ...next, handover, endedAt: at, operators: current.operators.map((o) => (o.leftAt === null ? { ...o, leftAt: at } : o)) };
		}
		default:
			return current;
	}
}

/** The shift an event concerns, or null for every other event. */
export function shiftIdOf(e: Pick<EventEnvelope, 'type' | 'data'>): string | null {
	switch (e.type) {
		case 'ShiftStarted':
		case 'ShiftJoined':
		case 'ShiftLeft':
		case 'DutyLogWritten':
		case 'HandoverProposed':
		case 'HandoverSigned':
			return (e.data as { shift: string }).shift;
		default:
			return null;
	}
}

/**
 * Apply one event to the shifts; the shifts it changed. A shift started by a handover names the
 * one before it, which then names it back (`next`). The rule the live projection and a replay both run.
 */
export function applyShiftEvent(rows: RowSet<Shift>, e: EventEnvelope): Shift[] {
	const id = e.site === SYSTEM_STREAM ? shiftIdOf(e) : null;
	if (!id) return [];
	const current = rows.get(id);
	const next = evolveShift(current, e);
	if (!next || next === current) return [];
	rows.set(next);
	const changed = [next];
	if (e.type === 'ShiftStarted' && e.data.previous) {
		const before = rows.get(e.data.previous);
		if (before && before.next === null) {
			const linked = { ...before, next: id, lastSeq: Math.max(before.lastSeq, e.seq) };
			rows.set(linked);
			changed.push(linked);
		}
	}
	return changed;
}

/** The duty shifts (`shifts`), a projection of the system stream: every shift, ended ones included. */
export const shifts = rowSetProjection<Shift>('shifts', (rows, e) => void applyShiftEvent(rows, e));
