import { kindOfNotification, type NotificationKind } from '$lib/domain/notification/model';
import { m } from '$lib/paraglide/messages.js';
import { notificationKindNames } from './kind-names';

/**
 * A notification event's line in the console's feed: what kind went out, about what, to how many
 * (never who: the recipients are people, the feed is the site's); undefined for another type.
 */
export function describeNotificationEvent(type: string, d: Record<string, unknown>): string | undefined {
	const kindName = (kind: unknown) => (typeof kind === 'string' && Object.hasOwn(notificationKindNames, kind) ? notificationKindNames[kind as NotificationKind]() : String(kind ?? ''));
	const ofId = () => kindName(kindOfNotification(typeof d.notification === 'string' ? d.notification : '') ?? '');
	switch (type) {
		case 'NotificationRaised': {
			const ref = d.ref as { id?: unknown } | undefined;
			return m.event_notification_raised({ kind: kindName(d.kind), subject: String(ref?.id ?? ''), count: Array.isArray(d.to) ? d.to.length : 0 });
		}
		case 'NotificationAcknowledged':
			return m.event_notification_acknowledged({ kind: ofId() });
		case 'NotificationRepeated':
			return m.event_notification_repeated({ kind: ofId(), n: Number(d.n ?? 0) });
	}
	return undefined;
}
