import { z } from 'zod';
import { CHANNEL_KINDS } from './channel-config';

/**
 * What administrators did to the notification channels: audit facts in the system stream. The
 * channel's settings and secrets stay in its table; the log says who added, changed or removed
 * which channel and when.
 */
export const CHANNEL_EVENTS = {
	NotificationChannelSaved: z.object({ channel: z.string(), kind: z.enum(CHANNEL_KINDS), name: z.string(), created: z.boolean() }),
	NotificationChannelRemoved: z.object({ channel: z.string() })
} as const;
