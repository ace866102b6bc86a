import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { EMPTY_ORGANISATION, type Organisation } from '../organisation/model';
import { evolveTicket } from './evolve';
import type { Ticket } from './model';
import { listOvernight } from './overnight';
import { decideClose, decideFollowUp, decideOpen, decideStart, decideAssign, decideDone, type NewTicket, type TicketContext, type TicketDecision } from './rules';
import { dueTimerEvents, nextTimerAt, stageStateAt } from './timers';
import { addWorkingMinutes } from './working-time';

const TZ = 'Asia/Shanghai';
const org: Organisation = {
	...EMPTY_ORGANISATION,
	departments: [
		{ id: 'eng', kind: 'engineering', name: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' }, supervisor: 'boss', members: ['fixer'] },
		{ id: 'cs', kind: 'customer_service', name: { 'zh-CN': '客服部', 'zh-TW': '客服部', en: 'Customer service' }, supervisor: null, members: ['desk'] }
	],
	manager: 'gm',
	serviceCentre: ['centre'],
	stewards: [{ zone: 'Z1', user: 'desk', department: 'cs' }]
};
// 2026-12-02 10:00 in Shanghai, a Wednesday.
const T0 = Date.parse('2026-12-02T02:00:00Z');
const ctxAt = (ms: number): TicketContext => ({ org, clock: { hours: org.workingHours, timeZone: TZ }, now: new Date(ms) });
const desk = { id: 'op', role: 'operator' as const };

const repair: NewTicket = {
	category: 'repair_water',
	priority: 'urgent',
	description: 'Burst pipe in the garage',
	place: null,
	zone: null,
	point: null,
	origin: { kind: 'hotline', id: null },
	resident: 'r-1',
	department: null,
	assignee: null,
	photos: []
};

let seq = 0;
/** Append a decision's events to a ticket, as the log would. */
function apply(t: Ticket | undefined, d: TicketDecision, at: number, by = 'op'): Ticket {
	if (!d.ok) throw new Error(`refused: ${d.reason}`);
	for (const e of d.events) {
		const iso = new Date(at).toISOString();
		t = evolveTicket(t, { site: 'lake', seq: ++seq, type: e.type, id: null, source: { kind: 'user', id: by }, at: iso, receivedAt: iso, data: e.data } as EventEnvelope);
	}
	return t!;
}

describe('tickets', () => {
	it('routes an urgent repair to engineering and times response 15 and arrival 30 minutes from opening', () => {
		const t = apply(undefined, decideOpen('lake-T1', repair, desk, ctxAt(T0)), T0);
		expect(t).toMatchObject({ status: 'open', department: 'eng', steward: null });
		expect(t.sla.response?.dueAt).toBe(new Date(T0 + 15 * 60_000).toISOString());
		expect(t.sla.arrival?.dueAt).toBe(new Date(T0 + 30 * 60_000).toISOString());
		expect(nextTimerAt(t)).toBe(new Date(T0 + 12 * 60_000).toISOString());
	});

	it('routes a ticket in a zone to its grid steward’s department', () => {
		const t = apply(undefined, decideOpen('lake-T2', { ...repair, category: 'other', priority: 'normal', zone: 'Z1' }, desk, ctxAt(T0)), T0);
		expect(t).toMatchObject({ department: 'cs', steward: 'desk' });
	});

	it('warns the assignee at 80 %, then escalates supervisor → manager → service centre, once each', () => {
		let t = apply(undefined, decideOpen('lake-T1', repair, desk, ctxAt(T0)), T0);
		t = apply(t, decideAssign(t, desk, { assignee: 'fixer' }, ctxAt(T0 + 60_000)), T0 + 60_000);
		expect(t.sla.response?.metAt).not.toBeNull();
		const warn = dueTimerEvents(t, org, new Date(T0 + 25 * 60_000));
		expect(warn).toEqual([{ type: 'TicketSlaWarned', data: expect.objectContaining({ stage: 'arrival', to: ['fixer'] }) }]);
		t = apply(t, { ok: true, events: warn }, T0 + 25 * 60_000, 'tickets');
		expect(dueTimerEvents(t, org, new Date(T0 + 26 * 60_000))).toEqual([]);
		const breach = dueTimerEvents(t, org, new Date(T0 + 31 * 60_000));
		expect(breach).toEqual([{ type: 'TicketEscalated', data: expect.objectContaining({ stage: 'arrival', level: 'supervisor', to: ['boss'] }) }]);
		t = apply(t, { ok: true, events: breach }, T0 + 31 * 60_000, 'tickets');
		expect(stageStateAt(t.sla.arrival, T0 + 31 * 60_000).stage).toBe('breached');
		// Left alone for an hour: both rungs above are due, in order.
		const later = dueTimerEvents(t, org, new Date(T0 + 95 * 60_000)).map((e) => e.type === 'TicketEscalated' && [e.data.level, e.data.to]);
		expect(later).toEqual([
			['manager', ['gm']],
			['service_centre', ['centre']]
		]);
	});

	it('a follow-up rated 2 reopens the ticket as rework; a good one lets it close', () => {
		let t = apply(undefined, decideOpen('lake-T1', repair, desk, ctxAt(T0)), T0);
		t = apply(t, decideAssign(t, desk, { assignee: 'fixer' }, ctxAt(T0)), T0);
		t = apply(t, decideStart({ ...t }, { id: 'fixer', role: 'guard' }, { photos: [] }, ctxAt(T0)), T0, 'fixer');
		t = apply(t, decideDone(t, { id: 'fixer', role: 'guard' }, { note: 'Valve replaced', photos: [] }, ctxAt(T0 + 3600_000)), T0 + 3600_000, 'fixer');
		expect(t.sla.follow_up?.dueAt).toBe(new Date(T0 + 3600_000 + 24 * 3600_000).toISOString());
		expect(decideClose(t, desk, { note: null })).toEqual({ ok: false, reason: 'follow_up_required' });
		t = apply(t, decideFollowUp(t, desk, { method: 'call', confirmed: true, satisfaction: 2, comment: 'Still dripping' }, ctxAt(T0 + 7200_000)), T0 + 7200_000);
		expect(t).toMatchObject({ status: 'assigned', rework: 1, assignee: 'fixer' });
		expect(t.sla.follow_up).toBeUndefined();
		expect(t.sla.completion?.metAt).toBeNull();
		t = apply(t, decideStart(t, desk, { photos: [] }, ctxAt(T0)), T0 + 8000_000);
		t = apply(t, decideDone(t, desk, { note: null, photos: [] }, ctxAt(T0 + 9000_000)), T0 + 9000_000);
		t = apply(t, decideFollowUp(t, desk, { method: 'visit', confirmed: true, satisfaction: 5, comment: null }, ctxAt(T0 + 9100_000)), T0 + 9100_000);
		t = apply(t, decideClose(t, desk, { note: null }), T0 + 9200_000);
		expect(t.status).toBe('closed');
		expect(t.followUps.map((f) => f.satisfaction)).toEqual([2, 5]);
	});

	it('refuses a guard opening a hotline ticket and an unknown assignee', () => {
		expect(decideOpen('lake-T1', repair, { id: 'g', role: 'guard' }, ctxAt(T0))).toEqual({ ok: false, reason: 'not_allowed' });
		expect(decideOpen('lake-T1', { ...repair, assignee: 'stranger' }, desk, ctxAt(T0))).toEqual({ ok: false, reason: 'unknown_assignee' });
	});

	it('counts only working hours for a category that follows them', () => {
		// Friday 17:00 Shanghai + 4 working hours (08:00–18:00, Mon–Fri) = Monday 11:00.
		const friday = Date.parse('2026-12-04T09:00:00Z');
		expect(new Date(addWorkingMinutes(friday, 240, org.workingHours, TZ)).toISOString()).toBe('2026-12-07T03:00:00.000Z');
		// Sunday night counts from Monday 08:00.
		expect(new Date(addWorkingMinutes(Date.parse('2026-12-06T14:00:00Z'), 30, org.workingHours, TZ)).toISOString()).toBe('2026-12-07T00:30:00.000Z');
		const t = apply(undefined, decideOpen('lake-T3', { ...repair, category: 'cleaning', priority: 'normal' }, desk, ctxAt(friday)), friday);
		expect(t.workingHours).toBe(true);
		// Response within the hour (Friday 18:00); arrival within 4 working hours (Monday 11:00).
		expect(t.sla.response?.dueAt).toBe('2026-12-04T10:00:00.000Z');
		expect(t.sla.arrival?.dueAt).toBe('2026-12-07T03:00:00.000Z');
	});

	it('lists on the overnight board what was open at the last end of day, oldest first', () => {
		const a = apply(undefined, decideOpen('lake-T1', repair, desk, ctxAt(T0)), T0);
		const late = Date.parse('2026-12-02T11:00:00Z'); // 19:00, after the 18:00 end of day
		const b = apply(undefined, decideOpen('lake-T2', repair, desk, ctxAt(late)), late);
		const morning = Date.parse('2026-12-03T01:00:00Z');
		const board = listOvernight([b, a], morning, '18:00', TZ);
		expect(board.map((r) => [r.ticket.id, r.holder.kind, r.ageMs])).toEqual([['lake-T1', 'department', morning - T0]]);
		expect(listOvernight([a], Date.parse('2026-12-02T09:00:00Z'), '18:00', TZ)).toEqual([]);
	});
});
