import { describe, expect, it } from 'vitest';
import type { Notification } from '$lib/domain/notification/model';
import { isUnread, mayHaveOlder, mergeNotifications, olderPageCursor } from './notification-list';

const note = (id: string, at: string, over: Partial<Notification> = {}): Notification => ({
	id,
	site: 's1',
	kind: 'ticket_escalated',
	ref: { type: 'ticket', id: 's1-T1' },
	params: {},
	at,
	to: ['u1'],
	channels: [],
	repeatEvery: null,
	repeats: 0,
	lastSentAt: at,
	acknowledgedAt: null,
	acknowledgedBy: null,
	lastSeq: 1,
	...over
});

describe('the bell list', () => {
	it('keeps notifications newest first, one per id, and a later state over an earlier one', () => {
		const a = note('s1:1:ticket_warning', '2026-01-01T10:00:00Z');
		const b = note('s1:2:ticket_escalated', '2026-01-01T10:05:00Z');
		const acked = { ...a, acknowledgedAt: '2026-01-01T10:06:00Z', lastSeq: 3 };
		expect(mergeNotifications([a], [b]).map((n) => n.id)).toEqual([b.id, a.id]);
		expect(mergeNotifications([a, b], [acked]).find((n) => n.id === a.id)?.acknowledgedAt).toBe('2026-01-01T10:06:00Z');
		// A page fetched before the acknowledgement arrives after it: the acknowledged state stays.
		expect(mergeNotifications([acked, b], [a]).find((n) => n.id === a.id)?.acknowledgedAt).toBe('2026-01-01T10:06:00Z');
	});

	it('counts as unread what arrived after the person last looked', () => {
		expect(isUnread({ at: '2026-01-01T10:00:00Z' }, null)).toBe(true);
		expect(isUnread({ at: '2026-01-01T10:00:00Z' }, '2026-01-01T10:00:00.000Z')).toBe(false);
		expect(isUnread({ at: '2026-01-01T10:00:01Z' }, '2026-01-01T10:00:00Z')).toBe(true);
	});

	it('pages back from just after the oldest held, and stops when a page brings nothing new', () => {
		const held = [note('a', '2026-01-01T10:05:00Z'), note('b', '2026-01-01T10:00:00Z')];
		expect(olderPageCursor([])).toBeNull();
		expect(olderPageCursor(held)).toBe('2026-01-01T10:00:00.001Z');
		expect(mayHaveOlder([note('b', '2026-01-01T10:00:00Z'), note('c', '2026-01-01T09:00:00Z')], 2, held)).toBe(true);
		expect(mayHaveOlder([note('b', '2026-01-01T10:00:00Z')], 2, held)).toBe(false);
		expect(mayHaveOlder([note('b', '2026-01-01T10:00:00Z'), note('a', '2026-01-01T10:05:00Z')], 2, held)).toBe(false);
	});
});
