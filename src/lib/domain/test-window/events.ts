import { z } from 'zod';

/**
 * Test mode: an operator puts an alarm point, or a whole device, in test for a set time (a
 * planned fire-panel test). Its alarms are logged and shown as tests, not incidents, and the
 * point returns to normal by itself when the time is up.
 */
export const TEST_WINDOW_EVENTS = {
	/** `point` null covers the whole device, its communication faults included. */
	TestModeStarted: z.object({
		device: z.string(),
		point: z.string().nullable(),
		until: z.string(),
		minutes: z.number().int(),
		reason: z.string()
	}),
	/** Ended early by a person, or expired; `until` is that of the window it ends, so an expiry cannot end a window restarted since. */
	TestModeEnded: z.object({
		device: z.string(),
		point: z.string().nullable(),
		how: z.enum(['ended', 'expired']),
		until: z.string()
	})
} as const;

export type TestModeEventType = keyof typeof TEST_WINDOW_EVENTS;
export const TEST_MODE_EVENT_TYPES = Object.keys(TEST_WINDOW_EVENTS) as TestModeEventType[];
export type TestStartedData = z.infer<(typeof TEST_WINDOW_EVENTS)['TestModeStarted']>;
export type TestEndedData = z.infer<(typeof TEST_WINDOW_EVENTS)['TestModeEnded']>;
