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

/** Kinds no sensor reports: an operator opens them by hand, from a call. */
export const MEDICAL_EMERGENCY = 'medical_emergency';
export const TYPHOON = 'typhoon';
export const SNOW_ICE = 'snow_ice';

export const INCIDENT_KINDS = [...ALARM_TYPES, COMM_FAULT, PATROL_EXCEPTION, GUARD_NOT_RESPONDING, MEDICAL_EMERGENCY, TYPHOON, SNOW_ICE] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * What an operator may open by hand: emergencies that arrive by phone (a medical emergency, a
 * storm or snow coming), and a resident's call about a fire, smoke, gas, a leak or a person
 * trapped, or anything else.
 */
export const MANUAL_KINDS = [MEDICAL_EMERGENCY, TYPHOON, SNOW_ICE, 'fire', 'smoke', 'gas', 'water_leak', 'elevator_entrapment', 'other'] as const satisfies readonly IncidentKind[];
export type ManualKind = (typeof MANUAL_KINDS)[number];

/** The key's `device` of an incident opened by hand, and of a drill (its `point` is the opening's own id). */
export const MANUAL_DEVICE = 'manual';
export const DRILL_DEVICE = 'drill';

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
	/** Opened by hand (or as a drill): by whom, where, and the operator's note. Absent for sensor and patrol incidents. */
	opened?: OpenedByHand;
	/** Resolved by a manager with required checklist steps open: why, and which steps. */
	resolvedOver?: { reason: string; open: string[] };
	/** A drill: shown as one everywhere and left out of every real figure. */
	drill?: boolean;
}

/** An incident an operator opened: the place of the site's tree (or the alarm point a drill runs on). */
export interface OpenedByHand {
	by: string;
	/** A place id of the site's tree (`T1-2-1804`), or null. */
	place: string | null;
	/** A drill's alarm point (`device`/`point`), placing it on the map; null otherwise. */
	target: { device: string; point: string } | null;
	note: string | null;
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
