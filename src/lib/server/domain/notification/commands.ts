import type { SessionUser } from '$lib/domain/access';
import { nextRepeatAt, siteOfNotification, type Notification } from '$lib/domain/notification/model';
import { evolveNotification } from '$lib/domain/notification/evolve';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';
import { NOTIFICATION_REPEAT, NOTIFICATIONS_SOURCE } from './project';
import { getNotification } from './queries';

export type AckOutcome = { ok: true; notification: Notification } | { ok: false; reason: 'not_found' | 'not_yours' | 'acknowledged' };

/** A recipient acknowledges a notification: its repeats stop, and the log says who took it and when. */
export async function acknowledgeNotification(run: RunCommand, user: SessionUser, id: string): Promise<AckOutcome> {
	const site = siteOfNotification(id);
	if (!site) return { ok: false, reason: 'not_found' };
	let before: Notification | undefined;
	const outcome = await run<'not_found' | 'not_yours' | 'acknowledged'>(site, async ({ tx, now }) => {
		const n = await getNotification(tx, id);
		if (!n) return { ok: false, reason: 'not_found' };
		if (!n.to.includes(user.id)) return { ok: false, reason: 'not_yours' };
		if (n.acknowledgedAt) return { ok: false, reason: 'acknowledged' };
		before = n;
		return { ok: true, events: [newEvent({ stream: site, type: 'NotificationAcknowledged', sourceKind: 'user', sourceId: user.id, data: { notification: id } }, now)] };
	});
	if (!outcome.ok) return outcome;
	return { ok: true, notification: evolveNotification(before, outcome.envelopes[0])! };
}

/**
 * Send a notification again while nobody has acknowledged it: decided under the site's lock on
 * the row as it stands, once per repeat number (the source id names it) however many processes
 * fire the item. An item with nothing left to repeat is cleared.
 */
export async function repeatNotification(run: RunCommand, id: string, item?: DueItem): Promise<boolean> {
	const site = siteOfNotification(id);
	if (!site) return false;
	const outcome = await run<'not_due'>(site, async ({ tx, now }) => {
		const n = await getNotification(tx, id);
		const at = n ? nextRepeatAt(n) : null;
		if (!n || !at || Date.parse(at) > now.getTime()) {
			if (item) await clearDueItem(tx, item);
			return { ok: false, reason: 'not_due' };
		}
		const data = { notification: id, n: n.repeats + 1 };
		return { ok: true, events: [newEvent({ stream: site, type: 'NotificationRepeated', sourceKind: 'system', sourceId: NOTIFICATIONS_SOURCE, sourceEventId: `${id}/repeat/${data.n}`, data }, now)] };
	});
	return outcome.ok;
}

export const notificationRepeatTimer = (run: RunCommand) => (item: DueItem) => repeatNotification(run, item.key.slice(NOTIFICATION_REPEAT.length + 1), item);
