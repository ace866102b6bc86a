import { afterEach, describe, expect, it } from 'vitest';
import type { UnnumberedEnvelope } from '$lib/domain/events';
import { overwriteGetLocale } from '$lib/paraglide/runtime.js';
import { describeEvent } from '../live/event-text';

describe("the feed's notification lines", () => {
	afterEach(() => overwriteGetLocale(() => 'zh-CN'));
	const event = (type: string, data: object) =>
		({ site: 's1', type, id: null, source: { kind: 'system', id: 'notifications' }, at: '2026-01-01T00:00:00Z', receivedAt: '2026-01-01T00:00:00Z', data }) as UnnumberedEnvelope;
	const raised = { notification: 's1:9:ticket_escalated', kind: 'ticket_escalated', ref: { type: 'ticket', id: 's1-T3' }, params: {}, to: ['u1', 'u2'], channels: [], repeatEvery: null };

	it('says which kind went out about what and to how many, never to whom', () => {
		overwriteGetLocale(() => 'en');
		expect(describeEvent(event('NotificationRaised', raised))).toBe('Notification sent: Work order overdue and escalated (s1-T3); recipients: 2');
		expect(describeEvent(event('NotificationRepeated', { notification: 's1:9:ticket_escalated', n: 2 }))).toBe('Notification repeated (reminder 2): Work order overdue and escalated');
		overwriteGetLocale(() => 'zh-CN');
		expect(describeEvent(event('NotificationAcknowledged', { notification: 's1:9:incident_escalated' }))).toBe('通知已确认：事件升级');
		expect(describeEvent(event('NotificationRaised', raised))).not.toContain('u1');
	});
});
