import type { z } from 'zod';
import { ACCOUNT_EVENTS } from './account/events';
import { DEVICE_EVENTS } from './device/events';
import type { Envelope } from './envelope';
import { FINDING_EVENTS } from './finding/events';
import { INCIDENT_EVENTS, INCIDENT_OPENING_EVENTS } from './incident/events';
import { CHECKLIST_EVENTS } from './checklist/events';
import { ORGANISATION_EVENTS } from './organisation/events';
import { PROCEDURE_EVENTS } from './procedure/events';
import { PATROL_EVENTS } from './patrol/events';
import { ROUND_EVENTS } from './patrol/round-events';
import { SHIFT_EVENTS } from './shift/events';
import { SITE_EVENTS } from './site/events';
import { TEST_WINDOW_EVENTS } from './test-window/events';
import { TICKET_EVENTS } from './ticket/events';
import { NOTIFICATION_EVENTS } from './notification/events';
import { CHANNEL_EVENTS } from './notification/channel-events';

export { CLOCK_SKEW_LIMIT_MS, SYSTEM_STREAM, isClockSkewed, type SourceKind } from './envelope';

/**
 * The event log's vocabulary: every aggregate's event types with their data schemas, declared
 * once in the aggregate's `events.ts`. `EventEnvelope` is the discriminated union over them, so
 * `e.type === 'AlarmRaised'` narrows `e.data` without a cast.
 */
export const EVENT_SCHEMAS = {
	...DEVICE_EVENTS,
	...PATROL_EVENTS,
	...ROUND_EVENTS,
	...FINDING_EVENTS,
	...SITE_EVENTS,
	...TEST_WINDOW_EVENTS,
	...INCIDENT_EVENTS,
	...INCIDENT_OPENING_EVENTS,
	...CHECKLIST_EVENTS,
	...PROCEDURE_EVENTS,
	...SHIFT_EVENTS,
	...TICKET_EVENTS,
	...NOTIFICATION_EVENTS,
	...CHANNEL_EVENTS,
	...ORGANISATION_EVENTS,
	...ACCOUNT_EVENTS
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];

/** One stored event; `EventEnvelope<'AlarmRaised'>` is one type's, the default is the union of all. */
export type EventEnvelope<T extends EventType = EventType> = { [K in T]: Envelope<K, EventData<K>> }[T];


/** Check an event's data against its type's schema where it enters the log; the reasons, or null when it fits. */
export function checkEventData(type: EventType, data: unknown): string[] | null {
	const parsed = EVENT_SCHEMAS[type].safeParse(data);
	return parsed.success ? null : parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}

/** An event without its seq (an alarm shown before it is stored), still discriminated by type. */
export type UnnumberedEnvelope = EventEnvelope extends infer E ? (E extends EventEnvelope ? Omit<E, 'seq'> : never) : never;

/** Whether the writer stamped the event as received under test. */
export const isTestStamped = (e: { data: object }): boolean => 'test' in e.data && e.data.test === true;
