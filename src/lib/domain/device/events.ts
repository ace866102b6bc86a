import { z } from 'zod';
import { ALARM_TYPES, SEVERITIES } from '../site/model';

/**
 * What devices report about alarms and themselves, and what administrators do to devices.
 * Each event type's data is declared once, as a schema; the types are inferred from it.
 */

/** Set by the writer on device events received while their device or point is in test. */
const testStamp = z.literal(true).optional();

const alarm = z.object({
	point: z.string(),
	type: z.enum(ALARM_TYPES),
	severity: z.enum(SEVERITIES),
	zone: z.string().optional(),
	text: z.string().optional(),
	test: testStamp,
	/** A guard's panic press from the phone (source the guard's account): the guard it concerns. */
	guard: z.string().optional(),
	/** When the phone sent it (it may have waited offline). */
	sentAt: z.string().optional()
});

const address = z.string().nullable().optional();

export const DEVICE_EVENTS = {
	AlarmRaised: alarm,
	AlarmCleared: alarm,
	/** From a device's own report (`interval`: its heartbeat period in seconds). */
	DeviceCameOnline: z.object({ interval: z.number().optional(), test: testStamp }),
	/** From a device's report, or the server's inference that it fell silent (`reason`). */
	DeviceWentOffline: z.object({
		interval: z.number().optional(),
		reason: z.literal('heartbeat_missed').optional(),
		lastSeenAt: z.string().nullable().optional(),
		test: testStamp
	}),
	DeviceCreated: z.object({ device: z.string(), kind: z.string(), username: z.string(), address }),
	DeviceCredentialRotated: z.object({ device: z.string(), username: z.string(), address }),
	DeviceCredentialRevoked: z.object({ device: z.string(), username: z.string().nullable(), address })
} as const;

export type AlarmData = z.infer<typeof alarm>;
