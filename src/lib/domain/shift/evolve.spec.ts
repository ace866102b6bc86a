import { describe, expect, it } from 'vitest';
import { SYSTEM_STREAM } from '../envelope';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { applyShiftEvent, evolveShift, shifts } from './evolve';
import { isUnderstaffed, listOnDuty, type Shift } from './model';

let seq = 0;
const event = (type: string, data: object, by = 'li', stream = SYSTEM_STREAM): EventEnvelope =>
	({
		site: stream,
		seq: ++seq,
		type,
		id: null,
		source: { kind: 'user', id: by },
		at: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(),
		receivedAt: new Date(Date.UTC(2026, 11, 1, 0, seq)).toISOString(),
		data
	}) as EventEnvelope;

describe('shift fold', () => {
	it('follows a shift from its start through joins, leaves, log entries and a handover to the next shift', () => {
		seq = 0;
		const rows = new RowSet<Shift>();
		const apply = (e: EventEnvelope) => applyShiftEvent(rows, e);
		apply(event('ShiftStarted', { shift: 'S1', operators: ['li'], managerOnDuty: 'wang', sites: null, previous: null }));
		expect(isUnderstaffed(rows.get('S1')!)).toBe(true);
		apply(event('ShiftJoined', { shift: 'S1', user: 'wu' }, 'wu'));
		expect(listOnDuty(rows.get('S1')!).map((o) => o.user)).toEqual(['li', 'wu']);
		expect(isUnderstaffed(rows.get('S1')!)).toBe(false);
		apply(event('DutyLogWritten', { shift: 'S1', kind: 'visitor', text: 'Fire inspector Zhang, 10:05–10:40' }, 'wu'));
		apply(event('DutyLogWritten', { shift: 'S1', kind: 'equipment_check', text: 'Panel lamp test OK' }));
		expect(rows.get('S1')!.log).toEqual([
			{ n: 1, kind: 'visitor', text: 'Fire inspector Zhang, 10:05–10:40', at: '2026-12-01T00:03:00.000Z', by: 'wu' },
			{ n: 2, kind: 'equipment_check', text: 'Panel lamp test OK', at: '2026-12-01T00:04:00.000Z', by: 'li' }
		]);
		const proposal = { shift: 'S1', next: { operators: ['chen', 'zhao'], managerOnDuty: 'wang' }, openIncidents: [], unfinishedChecklists: [], notes: 'quiet' };
		apply(event('HandoverProposed', proposal));
		apply(event('HandoverSigned', { shift: 'S1', side: 'outgoing' }));
		expect(rows.get('S1')!.handover).toMatchObject({ outgoing: { by: 'li' }, incoming: null });
		expect(rows.get('S1')!.endedAt).toBeNull();
		// A second proposal replaces the first and its signature.
		apply(event('HandoverProposed', { ...proposal, notes: 'pump room door sticks' }, 'wu'));
		expect(rows.get('S1')!.handover).toMatchObject({ proposedBy: 'wu', notes: 'pump room door sticks', outgoing: null });
		apply(event('HandoverSigned', { shift: 'S1', side: 'outgoing' }, 'wu'));
		const signed = event('HandoverSigned', { shift: 'S1', side: 'incoming' }, 'chen');
		apply(signed);
		const ended = rows.get('S1')!;
		expect(ended.endedAt).toBe(signed.receivedAt);
		expect(ended.operators.every((o) => o.leftAt !== null)).toBe(true);
		const changed = apply(event('ShiftStarted', { shift: 'S2', operators: ['chen', 'zhao'], managerOnDuty: 'wang', sites: null, previous: 'S1' }, 'chen'));
		expect(changed.map((s) => s.id)).toEqual(['S2', 'S1']);
		expect(rows.get('S1')!.next).toBe('S2');
		expect(rows.get('S2')).toMatchObject({ previous: 'S1', startedBy: 'chen', endedAt: null });
	});

	it('ignores replays, other streams and other events', () => {
		seq = 0;
		const start = event('ShiftStarted', { shift: 'S1', operators: ['li'], managerOnDuty: 'wang', sites: null, previous: null });
		const s = evolveShift(undefined, start)!;
		const log = event('DutyLogWritten', { shift: 'S1', kind: 'note', text: 'a' });
		const after = evolveShift(s, log)!;
		expect(evolveShift(after, log)).toBe(after);
		expect(evolveShift(after, start)).toBe(after);
		expect(evolveShift(undefined, event('ShiftStarted', { shift: 'S9', operators: ['li'], managerOnDuty: 'wang', sites: null, previous: null }, 'li', 'site-a'))).toBeUndefined();
		const rows = new RowSet<Shift>([after]);
		expect(applyShiftEvent(rows, event('UserSignedIn', {}))).toEqual([]);
	});

	it('replays from its rows as it continued live', () => {
		seq = 0;
		const events = [
			event('ShiftStarted', { shift: 'S1', operators: ['li', 'wu'], managerOnDuty: 'wang', sites: ['a'], previous: null }),
			event('DutyLogWritten', { shift: 'S1', kind: 'note', text: 'a' }),
			event('ShiftLeft', { shift: 'S1', user: 'wu' }, 'wu'),
			event('DutyLogWritten', { shift: 'S1', kind: 'call', text: 'b' })
		];
		const whole = shifts.restore([]);
		for (const e of events) shifts.evolve(whole, e, { timeZone: 'UTC' });
		const half = shifts.restore([]);
		for (const e of events.slice(0, 2)) shifts.evolve(half, e, { timeZone: 'UTC' });
		const resumed = shifts.restore(shifts.rows(half));
		for (const e of events.slice(2)) shifts.evolve(resumed, e, { timeZone: 'UTC' });
		expect(shifts.rows(resumed)).toEqual(shifts.rows(whole));
		expect(shifts.rows(whole)[0].log.map((l) => l.n)).toEqual([1, 2]);
	});
});
