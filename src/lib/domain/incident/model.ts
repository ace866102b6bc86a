import { ALARM_TYPES, type Severity } from '../site/model';

/**
 * Incidents: what operators work on. Device events open and refresh them, operators' events move
 * them along. The events are the history; an `Incident` is their projection (`evolveIncident`),
 * so the server's table and a replay of the log agree. Pure, no I/O.
 */

/** A device that stopped reporting is an incident like an alarm, under its own kind. */
export const COMM_FAULT = 'communication_fault';
/** Comm faults concern the whole device and report no severity: these stand in. */
export const COMM_FAULT_POINT = '-';
export const COMM_FAULT_SEVERITY: Severity = 'major';

/** A round with checkpoints missed: one incident per round, updated as more are missed. */
export const PATROL_EXCEPTION = 'patrol_exception';
/** A guard on a round silent past the round's limit (lone-worker safety). */
export const GUARD_NOT_RESPONDING = 'guard_not_responding';
/** The patrol kinds stand in these severities (they report none). */
export const PATROL_EXCEPTION_SEVERITY: Severity = 'major';
export const GUARD_NOT_RESPONDING_SEVERITY: Severity = 'critical';

export const INCIDENT_KINDS = [...ALARM_TYPES, COMM_FAULT, PATROL_EXCEPTION, GUARD_NOT_RESPONDING] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * In lifecycle order. Resolved and closed incidents are no longer open: an alarm that fires again
 * after responders finished is a new incident at the top of the queue, not a count on an old one.
 */
export const INCIDENT_STATUSES = ['new', 'acknowledged', 'dispatched', 'on_scene', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Still being worked on: repeats of its key count on it. The one definition of "open" (queries use OPEN_STATUSES). */
export const isIncidentOpen = (i: { status: IncidentStatus }) => OPEN_STATUSES.includes(i.status);

export const DISPOSITIONS = ['real', 'false_alarm', 'test', 'duplicate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * What a patrol incident names: its round, route and guard (as last known), the checkpoints
 * missed, and those scanned after all (a phone offline, its scan made in the window: `on_time`;
 * walked late: `late`). For "guard not responding": the contact silence began after, and when
 * the guard was heard from again.
 */
export interface PatrolIncidentDetail {
	round: string;
	route: string;
	guard: string | null;
	missed: string[];
	scannedLate: { checkpoint: string; state: 'on_time' | 'late'; scannedAt: string; receivedAt: string }[];
	silentSince: string | null;
	contactResumedAt: string | null;
}

/**
 * At most one incident per key is open (neither resolved nor closed) at a time. For the patrol
 * kinds, `device` is the route and `point` the round.
 */
export interface IncidentKey {
	site: string;
	device: string;
	point: string;
	alarmType: IncidentKind;
}

/** Times are ISO strings of the server's receipt; `…By` are user ids. */
export interface Incident extends IncidentKey {
	/** `${site}:${seq of the opening event}`: deterministic, so a replay gives the same ids. */
	id: string;
	status: IncidentStatus;
	/** The most severe severity seen while open, and its priority (1 = most urgent). */
	severity: Severity;
	priority: number;
	/** Raises seen while open, the opening one included. */
	count: number;
	openedAt: string;
	openedSeq: number;
	lastSeenAt: string;
	/** The seq of the last event applied: a replayed or duplicate event at or below it is ignored. */
	lastSeq: number;
	/** Set when the source reported clear (or back online); null again when it raises again. */
	sourceRestoredAt: string | null;
	acknowledgedAt: string | null;
	acknowledgedBy: string | null;
	disposition: Disposition | null;
	assignee: string | null;
	assignedAt: string | null;
	arrivedAt: string | null;
	resolvedAt: string | null;
	resolvedBy: string | null;
	closedAt: string | null;
	closedBy: string | null;
	escalationLevel: number;
	lastEscalatedAt: string | null;
	zone: string | null;
	text: string | null;
	noteCount: number;
	lastNote: string | null;
	/** Patrol kinds only. */
	patrol?: PatrolIncidentDetail;
	/** The guard's phone it was last sent to, absent if never. */
	dispatch?: IncidentDispatch | null;
}

/** An incident sent to a guard's phone: when, by whom, and how far the guard has got. */
export interface IncidentDispatch {
	guard: string;
	sentAt: string;
	/** The operator's user id. */
	sentBy: string;
	acceptedAt: string | null;
	/** The arrival scan's own time (a phone offline on the stairs says when it was there). */
	onSceneAt: string | null;
}

/** What the console's queue holds: open incidents, and resolved ones until someone closes them. */
export const QUEUE_STATUSES: readonly IncidentStatus[] = ['new', 'acknowledged', 'dispatched', 'on_scene', 'resolved'];
/** The statuses `isIncidentOpen` accepts, for queries. */
export const OPEN_STATUSES: readonly IncidentStatus[] = ['new', 'acknowledged', 'dispatched', 'on_scene'];
