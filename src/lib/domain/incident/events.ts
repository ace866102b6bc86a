import { z } from 'zod';
import { DISPOSITIONS, INCIDENT_KINDS } from './model';
import { SEVERITIES } from '../site/model';

/**
 * An incident an operator opens by hand (a call about a medical emergency, a storm warning), or
 * a drill of any procedure on an alarm point. Its source is the operator and its own id (`id`
 * of the envelope, made by the server) is the key's point, so two openings never merge.
 */
export const INCIDENT_OPENING_EVENTS = {
	IncidentOpened: z.object({
		kind: z.enum(INCIDENT_KINDS),
		severity: z.enum(SEVERITIES),
		/** A place of the site's tree. */
		place: z.string().nullable(),
		note: z.string().nullable(),
		drill: z.boolean().optional(),
		/** The alarm point a drill runs on. */
		target: z.object({ device: z.string(), point: z.string() }).nullable().optional()
	})
} as const;

/**
 * Steps after opening. Opening has no event of its own: the first `AlarmRaised` (or
 * `DeviceWentOffline`) opens the incident, so a flood of repeats costs no extra events.
 * Operator steps have source `{ kind: 'user' }`, escalation `{ kind: 'system' }`.
 */
export const INCIDENT_EVENTS = {
	IncidentAcknowledged: z.object({ incident: z.string(), disposition: z.enum(DISPOSITIONS).nullable() }),
	IncidentAssigned: z.object({ incident: z.string(), assignee: z.string() }),
	/**
	 * On scene: by an operator's click, or by the dispatched guard's scan of a checkpoint near the
	 * incident (`guard`, `checkpoint`, and the scan's own time in `scannedAt`, which is then the arrival).
	 */
	IncidentArrived: z.object({ incident: z.string(), guard: z.string().optional(), checkpoint: z.string().optional(), scannedAt: z.string().optional() }),
	/** Sent to a guard's phone by an operator (it also takes the incident, as an acknowledgement does). */
	IncidentDispatched: z.object({ incident: z.string(), guard: z.string() }),
	/** The guard took it on the phone. */
	IncidentDispatchAccepted: z.object({ incident: z.string(), guard: z.string() }),
	IncidentNoted: z.object({ incident: z.string(), text: z.string() }),
	/**
	 * Resolved. `override`: a manager resolved it with required checklist steps still open (`open`),
	 * for the written reason.
	 */
	IncidentResolved: z.object({ incident: z.string(), override: z.object({ reason: z.string(), open: z.array(z.string()) }).optional() }),
	IncidentClosed: z.object({ incident: z.string() }),
	IncidentEscalated: z.object({ incident: z.string(), level: z.number().int(), severity: z.string().optional() })
} as const;

export type IncidentEventType = keyof typeof INCIDENT_EVENTS;
export const INCIDENT_EVENT_TYPES = Object.keys(INCIDENT_EVENTS) as IncidentEventType[];
/** `data` of each step. */
export type IncidentEventData = { [T in IncidentEventType]: z.infer<(typeof INCIDENT_EVENTS)[T]> };
