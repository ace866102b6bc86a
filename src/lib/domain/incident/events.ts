import { z } from 'zod';
import { DISPOSITIONS } from './model';

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
	IncidentResolved: z.object({ incident: z.string() }),
	IncidentClosed: z.object({ incident: z.string() }),
	IncidentEscalated: z.object({ incident: z.string(), level: z.number().int(), severity: z.string().optional() })
} as const;

export type IncidentEventType = keyof typeof INCIDENT_EVENTS;
export const INCIDENT_EVENT_TYPES = Object.keys(INCIDENT_EVENTS) as IncidentEventType[];
/** `data` of each step. */
export type IncidentEventData = { [T in IncidentEventType]: z.infer<(typeof INCIDENT_EVENTS)[T]> };
