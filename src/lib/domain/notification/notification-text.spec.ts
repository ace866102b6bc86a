import { describe, expect, it } from 'vitest';
import { describeNotification, pathOfNotification, wallClock, type NotificationSubject } from './notification-text';

const site = { name: { 'zh-CN': '翠湖花园', 'zh-TW': '翠湖花園', en: 'Jade Lake Gardens' }, timeZone: 'Asia/Shanghai' };
const escalated: NotificationSubject = {
	site: 's1',
	kind: 'ticket_escalated',
	ref: { type: 'ticket', id: 's1-T7' },
	params: { stage: 'response', level: 'supervisor', dueAt: '2026-03-02T06:15:00Z' }
};

describe('a notification in words (the outbox and the bell alike)', () => {
	it('names the stage, the rung and the site, with due times on the site’s clock, in each language', () => {
		expect(describeNotification(escalated, 'en', site)).toEqual({
			title: 'Work order s1-T7: response overdue, escalated to the department supervisor',
			text: 'Work order s1-T7 at Jade Lake Gardens missed its response deadline (03-02 14:15) and is escalated to the department supervisor.'
		});
		expect(describeNotification(escalated, 'zh-CN', site).title).toBe('工单 s1-T7：响应已超时，升级至部门主管');
		expect(describeNotification(escalated, 'zh-TW', site).text).toContain('翠湖花園');
	});

	it('counts reminders in the title, and shows an unknown site by its id', () => {
		const incident: NotificationSubject = { site: 's2', kind: 'incident_escalated', ref: { type: 'incident', id: 's2:41' }, params: { level: 2 } };
		expect(describeNotification(incident, 'en', undefined, 3)).toEqual({
			title: 'Incident s2:41 escalated (level 2) (reminder 3)',
			text: 'Incident s2:41 at s2 has not been handled in time and is escalated to level 2.'
		});
	});

	it('links a ticket to its page and an incident to its site’s console, picked', () => {
		expect(pathOfNotification(escalated)).toBe('/tickets/s1-T7');
		expect(pathOfNotification({ site: 's2', ref: { type: 'incident', id: 's2:41' } })).toBe('/?site=s2&incident=s2%3A41');
		expect(wallClock('2026-12-31T16:30:00Z', 'Asia/Shanghai')).toBe('01-01 00:30');
	});
});
