import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import { isNotificationEventType } from './events';
import type { Notification } from './model';

/**
 * A notification after one event of its own; one at or below its last seq changes nothing.
 * Returns `current` itself when the event changes nothing.
 */
export function evolveNotification(current: Notification | undefined, e: EventEnvelope): Notification | undefined {
	if (e.type === 'NotificationRaised') {
		if (current) return current;
		const d = e.data;
		return {
			id: d.notification,
			site: e.site,
			kind: d.kind,
			ref: d.ref,
			params: d.params,
			at: e.receivedAt,
			to: d.to,
			channels: d.channels,
			repeatEvery: d.repeatEvery,
			repeats: 0,
			lastSentAt: e.receivedAt,
			acknowledgedAt: null,
			acknowledgedBy: null,
			lastSeq: e.seq
		};
	}
	if (!current || e.seq <= current.lastSeq) return current;
	switch (e.type) {
		case 'NotificationAcknowledged':
			if (current.acknowledgedAt) return current;
			return { ...current, acknowledgedAt: e.receivedAt, acknowledgedBy: e.source.id, lastSeq: e.seq };
		case 'NotificationRepeated':
			return { ...current, repeats: e.data.n, lastSentAt: e.receivedAt, lastSeq: e.seq };
		default:
			return current;
	}
}

export const notificationIdOf = (e: Pick<EventEnvelope, 'type' | 'data'>): string | null =>
	isNotificationEventType(e.type) ? (e.data as { notification: string }).notification : null;

/** Apply one event to a site's notifications; the one it changed, if any. */
export function applyNotificationEvent(rows: RowSet<Notification>, e: EventEnvelope): Notification | null {
	const id = notificationIdOf(e);
	if (!id) return null;
	const current = rows.get(id);
	const next = evolveNotification(current, e);
	if (!next || next === current) return null;
	rows.set(next);
	return next;
}

/**
 * A site's notifications (`notifications`). They are people's, not the site's: a console's view
 * of the site holds none (each person reads their own through the API and their socket room).
 */
export const notifications = rowSetProjection<Notification>('notifications', (rows, e) => void applyNotificationEvent(rows, e), { view: () => [] });
