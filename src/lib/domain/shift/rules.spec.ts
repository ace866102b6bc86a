import { describe, expect, it } from 'vitest';
import type { Role } from '../access';
import { LOG_ENTRIES_MAX, isUnderstaffed, statusOf, type Shift } from './model';
import { decideDutyLog, decideJoinShift, decideLeaveShift, decideProposeHandover, decideSignHandover, decideStartShift, type Actor } from './rules';

const staff = new Map<string, Role>([
	['li', 'operator'],
	['wu', 'operator'],
	['chen', 'operator'],
	['zhao', 'operator'],
	['wang', 'manager'],
	['root', 'admin'],
	['g1', 'guard']
]);
const as = (id: string): Actor => ({ id, role: staff.get(id)! });
const at = '2026-12-01T00:00:00.000Z';

const shift = (over: Partial<Shift> = {}): Shift => ({
	id: 'S1',
	startedAt: at,
	startedBy: 'li',
	operators: [
		{ user: 'li', joinedAt: at, leftAt: null },
		{ user: 'wu', joinedAt: at, leftAt: null }
	],
	managerOnDuty: 'wang',
	sites: null,
	previous: null,
	log: [],
	handover: null,
	endedAt: null,
	next: null,
	lastSeq: 1,
	...over
});
const listing = { openIncidents: [], unfinishedChecklists: [] };
const proposed = (over: Partial<NonNullable<Shift['handover']>> = {}): Shift =>
	shift({
		handover: { proposedAt: at, proposedBy: 'li', next: { operators: ['chen', 'zhao'], managerOnDuty: 'wang' }, ...listing, notes: '', outgoing: null, incoming: null, ...over }
	});

describe('shift rules', () => {
	it('starts a shift only when none is on duty, with the starting operator on it and a manager on duty', () => {
		expect(decideStartShift(shift(), as('chen'), { managerOnDuty: 'wang' }, staff, 'S2')).toEqual({ ok: false, reason: 'shift_on_duty' });
		expect(decideStartShift(undefined, as('li'), { managerOnDuty: 'wang' }, staff, 'S1')).toEqual({
			ok: true,
			events: [{ type: 'ShiftStarted', data: { shift: 'S1', operators: ['li'], managerOnDuty: 'wang', sites: null, previous: null } }]
		});
		const two = decideStartShift(undefined, as('li'), { operators: ['wu'], managerOnDuty: 'wang', sites: ['a'] }, staff, 'S1');
		expect(two.ok && two.events[0].data).toMatchObject({ operators: ['li', 'wu'], sites: ['a'] });
		// A manager starts one for the operators named, and is not on it.
		const byManager = decideStartShift(undefined, as('wang'), { operators: ['li', 'wu'], managerOnDuty: 'wang' }, staff, 'S1');
		expect(byManager.ok && byManager.events[0].data).toMatchObject({ operators: ['li', 'wu'] });
		expect(decideStartShift(undefined, as('wang'), { managerOnDuty: 'wang' }, staff, 'S1')).toEqual({ ok: false, reason: 'no_operators' });
	});

	it('names only operators on duty and a manager as manager on duty', () => {
		const start = (operators: string[], managerOnDuty = 'wang') => decideStartShift(undefined, as('wang'), { operators, managerOnDuty }, staff, 'S1');
		expect(start(['li', 'li'])).toEqual({ ok: false, reason: 'duplicate_operator' });
		expect(start(['li', 'g1'])).toEqual({ ok: false, reason: 'not_an_operator' });
		expect(start(['li', 'root'])).toEqual({ ok: false, reason: 'not_an_operator' });
		expect(start(['li', 'nobody'])).toEqual({ ok: false, reason: 'not_an_operator' });
		expect(start(['li'], 'wu')).toEqual({ ok: false, reason: 'not_a_manager' });
		expect(start(['li'], 'root')).toEqual({ ok: false, reason: 'not_a_manager' });
	});

	it('is understaffed with fewer than two operators on, and never once ended', () => {
		expect(isUnderstaffed(shift())).toBe(false);
		const one = shift({ operators: [{ user: 'li', joinedAt: at, leftAt: null }, { user: 'wu', joinedAt: at, leftAt: at }] });
		expect(isUnderstaffed(one)).toBe(true);
		expect(isUnderstaffed({ ...one, endedAt: at })).toBe(false);
		expect(statusOf(shift())).toBe('on_duty');
		expect(statusOf(proposed())).toBe('handing_over');
		expect(statusOf(shift({ endedAt: at }))).toBe('ended');
	});

	it('lets an operator join once, and leave unless last on', () => {
		expect(decideJoinShift(undefined, as('chen'))).toEqual({ ok: false, reason: 'no_shift' });
		expect(decideJoinShift(shift({ endedAt: at }), as('chen'))).toEqual({ ok: false, reason: 'shift_ended' });
		expect(decideJoinShift(shift(), as('li'))).toEqual({ ok: false, reason: 'already_on_duty' });
		expect(decideJoinShift(shift(), as('wang'))).toEqual({ ok: false, reason: 'operators_only' });
		expect(decideJoinShift(shift(), as('chen'))).toEqual({ ok: true, events: [{ type: 'ShiftJoined', data: { shift: 'S1', user: 'chen' } }] });
		expect(decideLeaveShift(shift(), as('chen'))).toEqual({ ok: false, reason: 'not_on_duty' });
		expect(decideLeaveShift(shift(), as('wu'))).toEqual({ ok: true, events: [{ type: 'ShiftLeft', data: { shift: 'S1', user: 'wu' } }] });
		const alone = shift({ operators: [{ user: 'li', joinedAt: at, leftAt: null }] });
		expect(decideLeaveShift(alone, as('li'))).toEqual({ ok: false, reason: 'last_operator' });
	});

	it('takes duty log entries from the operators on duty and the manager on duty', () => {
		const entry = { kind: 'call' as const, text: '  Resident of T1-1802 reports a smell of gas  ' };
		expect(decideDutyLog(shift(), as('li'), entry)).toEqual({
			ok: true,
			events: [{ type: 'DutyLogWritten', data: { shift: 'S1', kind: 'call', text: 'Resident of T1-1802 reports a smell of gas' } }]
		});
		expect(decideDutyLog(shift(), as('wang'), entry).ok).toBe(true);
		expect(decideDutyLog(shift(), as('chen'), entry)).toEqual({ ok: false, reason: 'not_on_duty' });
		expect(decideDutyLog(shift(), as('li'), { kind: 'note', text: '   ' })).toEqual({ ok: false, reason: 'text_required' });
		expect(decideDutyLog(shift({ endedAt: at }), as('li'), entry)).toEqual({ ok: false, reason: 'shift_ended' });
		const full = shift({ log: Array.from({ length: LOG_ENTRIES_MAX }, (_, n) => ({ n: n + 1, kind: 'note' as const, text: 'x', at, by: 'li' })) });
		expect(decideDutyLog(full, as('li'), entry)).toEqual({ ok: false, reason: 'log_full' });
	});

	it('has a handover proposed by an operator on duty, naming the next crew, with what stands open', () => {
		const next = { operators: ['chen', 'zhao'], managerOnDuty: 'wang' };
		const open = {
			openIncidents: [{ id: 'a:7', site: 'a', kind: 'fire', severity: 'critical', status: 'acknowledged', openedAt: at, zone: 'B1', drill: false }],
			unfinishedChecklists: [{ incident: 'a:7', site: 'a', procedure: 'fire', version: 2, settled: 1, total: 4, overdue: 1 }]
		};
		const decision = decideProposeHandover(shift(), as('wu'), { next, notes: ' pump room door sticks ' }, staff, open);
		expect(decision).toEqual({ ok: true, events: [{ type: 'HandoverProposed', data: { shift: 'S1', next, ...open, notes: 'pump room door sticks' } }] });
		expect(decideProposeHandover(shift(), as('chen'), { next, notes: '' }, staff, open)).toEqual({ ok: false, reason: 'not_on_duty' });
		expect(decideProposeHandover(shift(), as('li'), { next: { ...next, operators: ['chen', 'wang'] }, notes: '' }, staff, open)).toEqual({ ok: false, reason: 'not_an_operator' });
		expect(decideProposeHandover(shift({ endedAt: at }), as('li'), { next, notes: '' }, staff, open)).toEqual({ ok: false, reason: 'shift_ended' });
	});

	it('needs one outgoing and one incoming signature by two people; the second ends the shift and starts the next', () => {
		expect(decideSignHandover(shift(), as('li'), 'outgoing', 'S2')).toEqual({ ok: false, reason: 'no_handover' });
		expect(decideSignHandover(proposed(), as('chen'), 'outgoing', 'S2')).toEqual({ ok: false, reason: 'not_outgoing' });
		expect(decideSignHandover(proposed(), as('wu'), 'incoming', 'S2')).toEqual({ ok: false, reason: 'not_incoming' });
		expect(decideSignHandover(proposed(), as('li'), 'outgoing', 'S2')).toEqual({ ok: true, events: [{ type: 'HandoverSigned', data: { shift: 'S1', side: 'outgoing' } }] });
		const half = proposed({ outgoing: { by: 'li', at } });
		expect(decideSignHandover(half, as('wu'), 'outgoing', 'S2')).toEqual({ ok: false, reason: 'already_signed' });
		expect(decideSignHandover(half, as('chen'), 'incoming', 'S2')).toEqual({
			ok: true,
			events: [
				{ type: 'HandoverSigned', data: { shift: 'S1', side: 'incoming' } },
				{ type: 'ShiftStarted', data: { shift: 'S2', operators: ['chen', 'zhao'], managerOnDuty: 'wang', sites: null, previous: 'S1' } }
			]
		});
		// Staying on for the next shift is allowed; signing both sides is not.
		const stays = shift({ handover: { ...half.handover!, next: { operators: ['li', 'chen'], managerOnDuty: 'wang' } } });
		expect(decideSignHandover(stays, as('li'), 'incoming', 'S2')).toEqual({ ok: false, reason: 'same_signer' });
		expect(decideSignHandover(stays, as('chen'), 'incoming', 'S2').ok).toBe(true);
		// Incoming may sign first; the outgoing signature then completes it.
		const incomingFirst = proposed({ incoming: { by: 'zhao', at } });
		const done = decideSignHandover(incomingFirst, as('wu'), 'outgoing', 'S2');
		expect(done.ok && done.events.map((e) => e.type)).toEqual(['HandoverSigned', 'ShiftStarted']);
	});
});
