import { z } from 'zod';
import { NOTICE_KINDS } from './model';

const notification = z.string().min(1).max(200);
const user = z.string().min(1).max(64);

/**
 * Notifications' facts, in the stream of the event they are about. Raised by the server (source
 * system `notifications`) in the transaction of that event; acknowledged by a recipient; repeated
 * by the scheduler while nobody acknowledges one whose rule says so.
 */
export const NOTIFICATION_EVENTS = {
	NotificationRaised: z.object({
		notification,
		kind: z.enum(NOTICE_KINDS),
		ref: z.object({ type: z.enum(['ticket', 'incident']), id: z.string().max(120) }),
		params: z.record(z.string(), z.union([z.string().max(200), z.number(), z.null()])),
		to: z.array(user).max(200),
		channels: z.array(z.string().max(64)).max(50),
		repeatEvery: z.number().int().min(1).max(24 * 60).nullable()
	}),
	NotificationAcknowledged: z.object({ notification }),
	NotificationRepeated: z.object({ notification, n: z.number().int().min(1) })
} as const;

export type NotificationEventType = keyof typeof NOTIFICATION_EVENTS;
export type NotificationEventData = { [T in NotificationEventType]: z.infer<(typeof NOTIFICATION_EVENTS)[T]> };
export const isNotificationEventType = (type: string): type is NotificationEventType => Object.hasOwn(NOTIFICATION_EVENTS, type);
