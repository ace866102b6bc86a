import type { EventEnvelope } from '$lib/domain/events';
import { NOTIFICATION_SEVERITY, nextRepeatAt, notificationIdFor, siteOfNotification, type Notification } from '$lib/domain/notification/model';
import { applyNotificationEvent, notificationIdOf, notifications } from '$lib/domain/notification/evolve';
import { deliveriesOf, noticeOf, NOTIFYING_TYPES } from '$lib/domain/notification/rules';
import { newEvent } from '../../commands';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { NewEvent, WriteItem } from '../../event-log/types';
import { readDeliveryRules, readNoticeContext } from './context';

/** The due-item kind of a notification's next repeat. */
export const NOTIFICATION_REPEAT = 'notification_repeat';
export const notificationRepeatKey = (id: string) => `${NOTIFICATION_REPEAT}:${id}`;
/** Who raises notifications in the log. */
export const NOTIFICATIONS_SOURCE = 'notifications';

interface NotificationsState {
	rows: SiteRows<Notification>;
	loaded: Map<string, Notification>;
	/** Events of the batch that may call for a notice. */
	causes: EventEnvelope[];
	/** Raised and repeated notifications of the batch: what the outbox gets. */
	sent: { notification: string; n: number }[];
}

/** One delivery to send: the outbox's row, its id the same across retries. */
export interface OutboxMessage {
	site: string;
	kind: Notification['kind'];
	severity: string;
	ref: Notification['ref'];
	params: Notification['params'];
	at: string;
	repeat: number;
}

/**
 * Notifications (`notification`): `evolveNotification`, and the outbox. The batch's events that
 * call for a notice (an escalation, an assignment, a skipped step…) are followed in the same
 * transaction by a `NotificationRaised` naming its recipients and channels (`follow`: the one
 * read, only when the batch has such an event); persisting it writes the in-app rows and one
 * outbox row per channel. A device batch reads and writes nothing here.
 */
export const notificationsProjection: Projection<NotificationsState, Notification> = {
	name: 'notifications',
	rule: notifications,
	async load(tx, items) {
		const ids = new Set<string>();
		for (const i of items) {
			if (i.kind !== 'event' || i.event.sourceKind === 'device') continue;
			const id = notificationIdOf({ type: i.event.type, data: i.event.data } as EventEnvelope);
			if (id) ids.add(id);
		}
		const loaded = ids.size ? (await tx<{ state: Notification }[]>`select state from notification where id = any(${[...ids]})`).map((r) => r.state) : [];
		return { rows: new SiteRows(loaded), loaded: new Map(loaded.map((n) => [n.id, n])), causes: [], sent: [] };
	},
	evolve(state, e) {
		if (NOTIFYING_TYPES.has(e.type)) state.causes.push(e);
		const changed = applyNotificationEvent(state.rows.of(e.site), e);
		if (changed && e.type === 'NotificationRaised') state.sent.push({ notification: changed.id, n: 0 });
		if (changed && e.type === 'NotificationRepeated') state.sent.push({ notification: changed.id, n: e.data.n });
	},
	follow: raiseNotices,
	persist(tx, state) {
		const changed = state.rows.upserted();
		if (!changed.length) return [];
		const writes = [upsertNotifications(tx, changed).execute()];
		const outbox = outboxRows(state);
		if (outbox.length) writes.push(insertOutbox(tx, outbox).execute());
		return writes;
	},
	due(state) {
		const set = [];
		const clear = [];
		for (const n of state.rows.upserted()) {
			const at = nextRepeatAt(n);
			const before = state.loaded.get(n.id);
			if (before && nextRepeatAt(before) === at) continue;
			if (at) set.push({ key: notificationRepeatKey(n.id), stream: n.site, kind: NOTIFICATION_REPEAT, dueAt: at });
			else if (before) clear.push(notificationRepeatKey(n.id));
		}
		return { set, clear };
	},
	// People's, not the site's: the publisher sends each row to its recipients' rooms (PERSONAL_PROJECTIONS), never to a site's.
	updates: (state) => state.rows.changes(),
	list: () => Promise.resolve([]),
	stored: async (sql, site) => (await sql<{ state: Notification }[]>`select state from notification where site = ${site}`).map((r) => r.state),
	async replace(tx, site, rows) {
		await tx`delete from notification where site = ${site}`;
		if (rows.length) await upsertNotifications(tx, rows);
	}
};

/** The notices the batch's events call for, as events in their streams. */
async function raiseNotices(tx: Tx, state: NotificationsState, now: Date): Promise<NewEvent[]> {
	if (!state.causes.length) return [];
	const bySite = new Map<string, EventEnvelope[]>();
	for (const e of state.causes) bySite.set(e.site, [...(bySite.get(e.site) ?? []), e]);
	state.causes = [];
	const out: NewEvent[] = [];
	for (const [site, events] of bySite) {
		const reopened = events.flatMap((e) => (e.type === 'TicketReopened' ? [e.data.ticket] : []));
		const ctx = await readNoticeContext(tx, site, reopened);
		const notices = events.flatMap((e) => {
			const notice = noticeOf(e, ctx, (t) => ctx.assignees.get(t) ?? null);
			return notice && notice.to.length ? [{ e, notice }] : [];
		});
		if (!notices.length) continue;
		const { rules, subscriptions } = await readDeliveryRules(tx, [...new Set(notices.flatMap((n) => n.notice.to))]);
		for (const { e, notice } of notices) {
			const id = notificationIdFor(site, e.seq, notice.kind);
			const data = { notification: id, ...notice, ...deliveriesOf(notice, site, rules, subscriptions) };
			out.push(newEvent({ stream: site, type: 'NotificationRaised', sourceKind: 'system', sourceId: NOTIFICATIONS_SOURCE, sourceEventId: id, data }, now));
		}
	}
	return out;
}

function outboxRows(state: NotificationsState) {
	const rows = [];
	for (const { notification, n } of state.sent) {
		const row = state.rows.of(siteOfNotification(notification)!).get(notification);
		if (!row) continue;
		const message: OutboxMessage = { site: row.site, kind: row.kind, severity: NOTIFICATION_SEVERITY[row.kind], ref: row.ref, params: row.params, at: row.lastSentAt, repeat: n };
		for (const channel of row.channels) rows.push({ delivery_id: `${row.id}/${channel}/${n}`, channel, notification: row.id, site: row.site, message, next_attempt_at: row.lastSentAt });
	}
	return rows;
}

function upsertNotifications(tx: Tx | Queryable, rows: readonly Notification[]) {
	const q = tx as Tx;
	const values = rows.map((n) => ({ id: n.id, site: n.site, recipients: n.to, at: n.at, acknowledged_at: n.acknowledgedAt, last_seq: n.lastSeq, state: n }));
	return q`
		insert into notification (id, site, recipients, at, acknowledged_at, last_seq, state)
		select id, site, array(select jsonb_array_elements_text(recipients)), at, acknowledged_at, last_seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(id text, site text, recipients jsonb, at timestamptz, acknowledged_at timestamptz, last_seq int8, state jsonb)
		on conflict (id) do update set acknowledged_at = excluded.acknowledged_at, last_seq = excluded.last_seq, state = excluded.state`;
}

function insertOutbox(tx: Tx, rows: { delivery_id: string; channel: string; notification: string; site: string; message: OutboxMessage; next_attempt_at: string }[]) {
	return tx`
		insert into notification_outbox (delivery_id, channel, notification, site, message, next_attempt_at, created_at)
		select delivery_id, channel, notification, site, message, next_attempt_at, next_attempt_at
		from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(delivery_id text, channel text, notification text, site text, message jsonb, next_attempt_at timestamptz)
		on conflict (delivery_id) do nothing`;
}
