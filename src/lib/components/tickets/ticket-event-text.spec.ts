import { afterEach, describe, expect, it } from 'vitest';
import type { UnnumberedEnvelope } from '$lib/domain/events';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';
import { describeEvent, ticketStepNames, type EventNames } from '../live/event-text';

describe('describeEvent: work orders', () => {
	const reading = (locale: Locale) => overwriteGetLocale(() => locale);
	afterEach(() => reading('zh-CN'));

	const event = (type: string, data: object) =>
		({ site: 's1', type, id: null, source: { kind: 'user', id: 'u1' }, at: '2026-12-02T02:00:00.000Z', receivedAt: '2026-12-02T02:00:00.000Z', data }) as unknown as UnnumberedEnvelope;
	const names: EventNames = { person: (id) => ({ u9: 'Zhang Wei' })[id], time: (_, iso) => `${iso.slice(11, 16)} site time` };
	const ticket = 's1-T7';

	it.each([
		['TicketOpened', { ticket, category: 'repair_water', priority: 'urgent' }, 'Work order s1-T7 opened: Plumbing repair (Urgent)'],
		['TicketAssigned', { ticket, assignee: 'u9', department: 'eng' }, 'Work order s1-T7 assigned to Zhang Wei'],
		['TicketStarted', { ticket, photos: [] }, 'Work on s1-T7 started on site'],
		['TicketDone', { ticket, note: null, photos: [], deadlines: {} }, 'Work order s1-T7 done'],
		['TicketFollowedUp', { ticket, method: 'call', confirmed: true, satisfaction: 2, comment: null }, 'Work order s1-T7 followed up: satisfaction 2/5'],
		['TicketReopened', { ticket, reason: 'rework', note: null, deadlines: {} }, 'Work order s1-T7 sent back for rework'],
		['TicketReopened', { ticket, reason: 'manual', note: 'Still leaking', deadlines: {} }, 'Work order s1-T7 reopened: Still leaking'],
		['TicketClosed', { ticket, note: null }, 'Work order s1-T7 closed'],
		['TicketUpdated', { ticket, priority: 'normal' }, 'Work order s1-T7 corrected'],
		['TicketSlaWarned', { ticket, stage: 'arrival', dueAt: '2026-12-02T02:30:00.000Z', to: ['u9'] }, 'Work order s1-T7: Arrival due at 02:30 site time'],
		['TicketEscalated', { ticket, stage: 'arrival', level: 'manager', dueAt: '2026-12-02T02:30:00.000Z', to: [] }, 'Work order s1-T7: Arrival overdue, escalated to the estate manager']
	])('%s reads as a line with the names', (type, data, line) => {
		reading('en');
		expect(describeEvent(event(type, data), names)).toBe(line);
	});

	it('shows ids without names, in the reader’s language', () => {
		reading('zh-TW');
		expect(describeEvent(event('TicketAssigned', { ticket, assignee: 'u9', department: null }))).toBe('工單 s1-T7 已派給 u9');
		reading('zh-CN');
		expect(describeEvent(event('TicketEscalated', { ticket, stage: 'response', level: 'supervisor', dueAt: '2026-12-02T02:30:00.000Z', to: [] }))).toBe('工单 s1-T7：响应已超时，已升级至部门主管');
	});

	it('names every ticket event type for the audit page', () => {
		expect(Object.keys(ticketStepNames)).toHaveLength(10);
		reading('en');
		expect(ticketStepNames.TicketEscalated()).toBe('Work order escalated');
	});
});
