import { describeNotification, pathOfNotification, type NotificationSite } from '$lib/domain/notification/notification-text';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { OutboxMessage } from '../domain/notification/project';

/** What a delivery's words need of its site. */
export type RenderSite = NotificationSite;

/**
 * A delivery's words in one language (`describeNotification`, the rule the bell shares), a
 * reminder's count in its title, and a link into the console when the public origin is known.
 */
export function renderNotification(msg: OutboxMessage, locale: Locale, site: RenderSite | undefined, origin: string | undefined): OutboundMessage {
	const { title, text } = describeNotification(msg, locale, site, msg.repeat);
	return {
		title,
		text,
		severity: msg.severity as OutboundMessage['severity'],
		link: origin ? `${origin}${pathOfNotification(msg)}` : null,
		at: msg.at,
		kind: msg.kind
	};
}
