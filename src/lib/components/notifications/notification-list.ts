import type { Notification } from '$lib/domain/notification/model';
import type { NotificationSite } from '$lib/domain/notification/notification-text';

/**
 * The bell's list as the browser keeps it: notifications by id, newest first, each replaced only
 * by a later state of itself (a live packet and a page fetched around it may cross).
 */

/** One page of `GET /api/notifications`. */
export interface NotificationsPage {
	notifications: Notification[];
	unread: number;
	seenAt: string | null;
	sites: Record<string, NotificationSite>;
}

/** Newest first; ties by id, so the order is the same on every load. */
export function compareNewestFirst(a: Notification, b: Notification): number {
	return b.at.localeCompare(a.at) || b.id.localeCompare(a.id);
}

/** `current` with `incoming` put in by id (a state at or after the one held wins), newest first. */
export function mergeNotifications(current: readonly Notification[], incoming: readonly Notification[]): Notification[] {
	const byId = new Map(current.map((n) => [n.id, n]));
	for (const n of incoming) {
		const held = byId.get(n.id);
		if (!held || n.lastSeq >= held.lastSeq) byId.set(n.id, n);
	}
	return [...byId.values()].sort(compareNewestFirst);
}

/** Whether a notification arrived after the person last looked (and so counts as unread). */
export function isUnread(n: Pick<Notification, 'at'>, seenAt: string | null): boolean {
	return seenAt === null || Date.parse(n.at) > Date.parse(seenAt);
}

/**
 * Where the next older page starts: a millisecond after the oldest held, so one that shares its
 * instant is fetched again (and merged by id) rather than skipped. Null with nothing held.
 */
export function olderPageCursor(held: readonly Notification[]): string | null {
	if (!held.length) return null;
	const oldest = Math.min(...held.map((n) => Date.parse(n.at)));
	return new Date(oldest + 1).toISOString();
}

/** After a page came back: whether there may be more older ones (it was full and brought something new). */
export function mayHaveOlder(page: readonly Notification[], limit: number, held: readonly Notification[]): boolean {
	const known = new Set(held.map((n) => n.id));
	return page.length >= limit && page.some((n) => !known.has(n.id));
}
