import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { EMPTY_ORGANISATION } from '../organisation/model';
import { evolveNotification } from './evolve';
import { nextRepeatAt, REPEAT_MAX, siteOfNotification } from './model';
import { deliveriesOf, noticeOf, type NoticeContext } from './rules';

const ctx: NoticeContext = {
	org: { ...EMPTY_ORGANISATION, manager: 'gm' },
	managerOnDuty: 'mod',
	accountOfGuard: (g) => (g === 'G-1' ? 'u-guard' : undefined)
};
let seq = 0;
const event = (type: string, data: object, by: { kind: 'user' | 'system'; id: string } = { kind: 'system', id: 'tickets' }) =>
	({ site: 'lake', seq: ++seq, type, id: null, source: by, at: '2026-12-02T02:00:00.000Z', receivedAt: '2026-12-02T02:00:00.000Z', data }) as EventEnvelope;

describe('who is told what', () => {
	it('tells the people an escalation names, the manager on duty and the estate manager of a skipped step, and a guard’s account of a dispatch', () => {
		const esc = noticeOf(event('TicketEscalated', { ticket: 'lake-T1', stage: 'response', level: 'supervisor', dueAt: 'x', to: ['boss'] }), ctx, () => null);
		expect(esc).toMatchObject({ kind: 'ticket_escalated', to: ['boss'], ref: { type: 'ticket', id: 'lake-T1' } });
		const skipped = noticeOf(event('ChecklistStepSkipped', { incident: 'lake:1', step: 'call_119', reason: 'no signal' }, { kind: 'user', id: 'op' }), ctx, () => null);
		expect(skipped).toMatchObject({ kind: 'checklist_skipped', to: ['mod', 'gm'], params: { step: 'call_119' } });
		expect(noticeOf(event('IncidentDispatched', { incident: 'lake:1', guard: 'G-1' }), ctx, () => null)?.to).toEqual(['u-guard']);
		expect(noticeOf(event('IncidentDispatched', { incident: 'lake:1', guard: 'G-2' }), ctx, () => null)).toBeNull();
		expect(noticeOf(event('AlarmRaised', {}), ctx, () => null)).toBeNull();
	});

	it('does not tell people of their own step', () => {
		const self = noticeOf(event('TicketAssigned', { ticket: 'lake-T1', assignee: 'op', department: null }, { kind: 'user', id: 'op' }), ctx, () => null);
		expect(self?.to).toEqual([]);
	});

	it('sends on the channels the recipients chose and those that take the kind at the site, once each, repeating at the shortest interval asked', () => {
		const notice = { kind: 'ticket_escalated' as const, ref: { type: 'ticket' as const, id: 'lake-T1' }, params: {}, to: ['boss', 'gm'] };
		const rules = [
			{ user: 'boss', kind: 'ticket_escalated' as const, channels: ['mail', 'wecom'], repeatEvery: 30 },
			{ user: 'gm', kind: 'ticket_escalated' as const, channels: ['wecom'], repeatEvery: 10 },
			{ user: 'other', kind: 'ticket_escalated' as const, channels: ['sms'], repeatEvery: 1 },
			{ user: 'boss', kind: 'ticket_assigned' as const, channels: ['x'], repeatEvery: null }
		];
		const subscriptions = [
			{ channel: 'hook', kinds: ['ticket_escalated' as const], sites: ['lake'] },
			{ channel: 'elsewhere', kinds: ['ticket_escalated' as const], sites: ['hill'] }
		];
		expect(deliveriesOf(notice, 'lake', rules, subscriptions)).toEqual({ channels: ['hook', 'mail', 'wecom'], repeatEvery: 10 });
	});
});

describe('a notification', () => {
	it('repeats until acknowledged, at most REPEAT_MAX times', () => {
		const raised = event('NotificationRaised', {
			notification: 'lake:7:ticket_escalated',
			kind: 'ticket_escalated',
			ref: { type: 'ticket', id: 'lake-T1' },
			params: {},
			to: ['boss'],
			channels: ['hook'],
			repeatEvery: 15
		});
		let n = evolveNotification(undefined, raised)!;
		expect(siteOfNotification(n.id)).toBe('lake');
		expect(nextRepeatAt(n)).toBe('2026-12-02T02:15:00.000Z');
		n = evolveNotification(n, { ...event('NotificationRepeated', { notification: n.id, n: REPEAT_MAX }), receivedAt: '2026-12-02T05:00:00.000Z' })!;
		expect(nextRepeatAt(n)).toBeNull();
		n = { ...n, repeats: 1 };
		n = evolveNotification(n, event('NotificationAcknowledged', { notification: n.id }, { kind: 'user', id: 'boss' }))!;
		expect(n).toMatchObject({ acknowledgedBy: 'boss' });
		expect(nextRepeatAt(n)).toBeNull();
	});
});
