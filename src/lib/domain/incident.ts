import type { AlarmData, EventEnvelope } from './event';
import { priorityOf } from './incident-priority';
import { ALARM_TYPES, SEVERITIES, type Severity } from './site';

/**
 * Incidents: what operators work on. Device events open and refresh them, operators' events move
 * them along. The events are the history; an `Incident` is their projection (`evolveIncident`),
 * so the server's table and a replay of the log (`replayIncidents`) agree. Pure, no I/O.
 */

/** A device that stopped reporting is an incident like an alarm, under its own kind. */
export const COMM_FAULT = 'communication_fault';
/** Comm faults concern the whole device and report no severity: these stand in. */
export const COMM_FAULT_POINT = '-';
export const COMM_FAULT_SEVERITY: Severity = 'major';

export const INCIDENT_KINDS = [...ALARM_TYPES, COMM_FAULT] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/**
 * In lifecycle order. Resolved and closed incidents are no longer open: an alarm that fires again
 * after responders finished is a new incident at the top of the queue, not a count on an old one.
 */
export const INCIDENT_STATUSES = ['new', 'acknowledged', 'dispatched', 'on_scene', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Still being worked on: repeats of its key count on it. */
export const isIncidentOpen = (i: { status: IncidentStatus }) => i.status !== 'resolved' && i.status !== 'closed';

export const DISPOSITIONS = ['real', 'false_alarm', 'test', 'duplicate'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/**
 * Steps after opening. Opening has no event of its own: the first `AlarmRaised` (or
 * `DeviceWentOffline`) opens the incident, so a flood of repeats costs no extra events.
 */
export const INCIDENT_EVENT_TYPES = [
	'IncidentAcknowledged',
	'IncidentAssigned',
	'IncidentArrived',
	'IncidentNoted',
	'IncidentResolved',
	'IncidentClosed',
	'IncidentEscalated'
] as const;
export type IncidentEventType = (typeof INCIDENT_EVENT_TYPES)[number];

/** `data` of each step. Operator steps have source `{ kind: 'user' }`, escalation `{ kind: 'system' }`. */
export interface IncidentEventData {
	IncidentAcknowledged: { incident: string; disposition: Disposition | null };
	IncidentAssigned: { incident: string; assignee: string };
	IncidentArrived: { incident: string };
	IncidentNoted: { incident: string; text: string };
	IncidentResolved: { incident: string };
	IncidentClosed: { incident: string };
	IncidentEscalated: { incident: string; level: number };
}

/** At most one incident per key is open (neither resolved nor closed) at a time. */
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
}

const isIncidentEventType = (type: string): type is IncidentEventType =>
	(INCIDENT_EVENT_TYPES as readonly string[]).includes(type);

/**
 * The key of the incident a device event opens or refreshes; null for any other event and for
 * events received under test (`data.test === true`, stamped by the writer from `isUnderTest`,
 * so a replay skips them just as the live projection did).
 */
export function incidentKeyOf(e: EventEnvelope): IncidentKey | null {
	if (e.source.kind !== 'device' || e.data.test === true) return null;
	const device = e.source.id;
	switch (e.type) {
		case 'AlarmRaised':
		case 'AlarmCleared': {
			const d = e.data as unknown as AlarmData;
			return { site: e.site, device, point: d.point, alarmType: d.type };
		}
		case 'DeviceWentOffline':
		case 'DeviceCameOnline':
			return { site: e.site, device, point: COMM_FAULT_POINT, alarmType: COMM_FAULT };
		default:
			return null;
	}
}

/** The incident id an incident step refers to; null for any other event. */
export function incidentIdOf(e: EventEnvelope): string | null {
	return isIncidentEventType(e.type) && typeof e.data.incident === 'string' ? e.data.incident : null;
}

/** One string per key, for maps. Only `point` may contain '/', so the form is unambiguous. */
export function formatIncidentKey(k: IncidentKey): string {
	return `${k.site}/${k.device}/${k.point}/${k.alarmType}`;
}

/**
 * The incident after one event. `current` is the open incident with the event's key (for device
 * events, see `incidentKeyOf`) or the incident with the event's id (for steps, `incidentIdOf`).
 * Returns `current` itself when the event changes nothing, so a projection upserts only when the
 * result differs; returns a new incident (new id) when a raise finds no open one. Steps are facts
 * already decided by `decideIncidentAction`, so they are applied without re-checking.
 */
export function evolveIncident(current: Incident | undefined, e: EventEnvelope): Incident | undefined {
	if (current && e.seq <= current.lastSeq) return current;
	const key = incidentKeyOf(e);
	if (key) return evolveFromSource(current, key, e);
	if (!current || incidentIdOf(e) !== current.id) return current;
	const at = e.receivedAt;
	const by = e.source.id;
	const next = { ...current, lastSeq: e.seq };
	switch (e.type) {
		case 'IncidentAcknowledged':
			return { ...next, status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, disposition: (e.data.disposition as Disposition | null) ?? null };
		case 'IncidentAssigned':
			return { ...next, status: 'dispatched', assignee: String(e.data.assignee), assignedAt: at };
		case 'IncidentArrived':
			return { ...next, status: 'on_scene', arrivedAt: at };
		case 'IncidentNoted':
			return { ...next, noteCount: current.noteCount + 1, lastNote: String(e.data.text) };
		case 'IncidentResolved':
			return { ...next, status: 'resolved', resolvedAt: at, resolvedBy: by };
		case 'IncidentClosed':
			return { ...next, status: 'closed', closedAt: at, closedBy: by };
		case 'IncidentEscalated':
			return { ...next, escalationLevel: Number(e.data.level), lastEscalatedAt: at };
		default:
			return current;
	}
}

function evolveFromSource(current: Incident | undefined, key: IncidentKey, e: EventEnvelope): Incident | undefined {
	const open = current && isIncidentOpen(current) ? current : undefined;
	const at = e.receivedAt;
	if (e.type === 'AlarmCleared' || e.type === 'DeviceCameOnline') {
		if (!open || open.sourceRestoredAt !== null) return current;
		return { ...open, sourceRestoredAt: at, lastSeq: e.seq };
	}
	const d = e.type === 'AlarmRaised' ? (e.data as unknown as AlarmData) : undefined;
	const severity = d?.severity ?? COMM_FAULT_SEVERITY;
	if (open) {
		const worst = SEVERITIES.indexOf(severity) < SEVERITIES.indexOf(open.severity) ? severity : open.severity;
		return {
			...open,
			severity: worst,
			priority: priorityOf(open.alarmType, worst),
			count: open.count + 1,
			lastSeenAt: at,
			lastSeq: e.seq,
			sourceRestoredAt: null,
			zone: open.zone ?? d?.zone ?? null,
			text: open.text ?? d?.text ?? null
		};
	}
	return {
		...key,
		id: `${e.site}:${e.seq}`,
		status: 'new',
		severity,
		priority: priorityOf(key.alarmType, severity),
		count: 1,
		openedAt: at,
		openedSeq: e.seq,
		lastSeenAt: at,
		lastSeq: e.seq,
		sourceRestoredAt: null,
		acknowledgedAt: null,
		acknowledgedBy: null,
		disposition: null,
		assignee: null,
		assignedAt: null,
		arrivedAt: null,
		resolvedAt: null,
		resolvedBy: null,
		closedAt: null,
		closedBy: null,
		escalationLevel: 0,
		lastEscalatedAt: null,
		zone: d?.zone ?? null,
		text: d?.text ?? null,
		noteCount: 0,
		lastNote: null
	};
}

/** Every incident the events make, by id: `evolveIncident` run over the log in seq order. */
export function replayIncidents(events: Iterable<EventEnvelope>): Map<string, Incident> {
	const byId = new Map<string, Incident>();
	const openByKey = new Map<string, string>();
	for (const e of events) {
		const key = incidentKeyOf(e);
		const id = key ? openByKey.get(formatIncidentKey(key)) : incidentIdOf(e);
		const current = id === null || id === undefined ? undefined : byId.get(id);
		const next = evolveIncident(current, e);
		if (!next || next === current) continue;
		byId.set(next.id, next);
		if (!isIncidentOpen(next)) openByKey.delete(formatIncidentKey(next));
		else openByKey.set(formatIncidentKey(next), next.id);
	}
	return byId;
}

export type IncidentCommand =
	| { action: 'acknowledge'; disposition?: Disposition }
	| { action: 'assign'; assignee: string }
	| { action: 'arrive' }
	| { action: 'note'; text: string }
	| { action: 'resolve' }
	| { action: 'close' };

/** Why a command was refused: a fixed list, safe to send to a browser as an error code. */
export const INCIDENT_REFUSALS = [
	'not_found',
	'closed',
	'already_acknowledged',
	'not_acknowledged',
	'disposition_required',
	'invalid_disposition',
	'assignee_required',
	'already_assigned',
	'not_dispatched',
	'already_on_scene',
	'already_resolved',
	'not_resolved',
	'text_required',
	'text_too_long'
] as const;
export type IncidentRefusal = (typeof INCIDENT_REFUSALS)[number];

export const NOTE_MAX_LENGTH = 2000;

export type IncidentDecision =
	| { [T in IncidentEventType]: { ok: true; type: T; data: IncidentEventData[T] } }[IncidentEventType]
	| { ok: false; reason: IncidentRefusal };

export interface DecideOptions {
	/** Severities whose acknowledgement must say what the alarm was; default critical only. */
	requireDispositionFor?: readonly Severity[];
}

const refuse = (reason: IncidentRefusal): IncidentDecision => ({ ok: false, reason });

// The first missing or passed step, for a command not allowed in `status`.
const refusalFrom = (status: IncidentStatus): IncidentRefusal =>
	status === 'new' ? 'not_acknowledged' : status === 'on_scene' ? 'already_on_scene' : status === 'resolved' ? 'already_resolved' : 'not_dispatched';

/**
 * Whether an operator may do `command` to `incident` now, and if so the event to append (its
 * source is the operator). Lifecycle: new → acknowledged → dispatched (reassignable) → on_scene
 * → resolved → closed; resolving may skip dispatch; assigning requires an acknowledgement first.
 * Notes are taken until the incident is closed. Nothing is allowed after closing.
 */
export function decideIncidentAction(
	incident: Incident | undefined,
	command: IncidentCommand,
	options: DecideOptions = {}
): IncidentDecision {
	if (!incident) return refuse('not_found');
	const { id, status } = incident;
	if (status === 'closed') return refuse('closed');
	switch (command.action) {
		case 'acknowledge': {
			if (status !== 'new') return refuse('already_acknowledged');
			const disposition = command.disposition ?? null;
			if (disposition !== null && !DISPOSITIONS.includes(disposition)) return refuse('invalid_disposition');
			const required = options.requireDispositionFor ?? ['critical'];
			if (disposition === null && required.includes(incident.severity)) return refuse('disposition_required');
			return { ok: true, type: 'IncidentAcknowledged', data: { incident: id, disposition } };
		}
		case 'assign': {
			if (status !== 'acknowledged' && status !== 'dispatched') return refuse(refusalFrom(status));
			const assignee = command.assignee.trim();
			if (!assignee) return refuse('assignee_required');
			if (status === 'dispatched' && assignee === incident.assignee) return refuse('already_assigned');
			return { ok: true, type: 'IncidentAssigned', data: { incident: id, assignee } };
		}
		case 'arrive':
			if (status !== 'dispatched') return refuse(refusalFrom(status));
			return { ok: true, type: 'IncidentArrived', data: { incident: id } };
		case 'note': {
			const text = command.text.trim();
			if (!text) return refuse('text_required');
			if (text.length > NOTE_MAX_LENGTH) return refuse('text_too_long');
			return { ok: true, type: 'IncidentNoted', data: { incident: id, text } };
		}
		case 'resolve':
			if (status === 'new' || status === 'resolved') return refuse(refusalFrom(status));
			return { ok: true, type: 'IncidentResolved', data: { incident: id } };
		case 'close':
			if (status !== 'resolved') return refuse('not_resolved');
			return { ok: true, type: 'IncidentClosed', data: { incident: id } };
	}
}

/** Seconds an unacknowledged incident of each severity waits between escalations; 0 = never. */
export type EscalationConfig = Readonly<Record<Severity, number>>;

/** Critical within a minute; each lower severity waits about three times longer. */
export const DEFAULT_ESCALATION: EscalationConfig = { critical: 60, major: 180, minor: 600, warning: 1800 };

function escalationIntervalMs(incident: Incident, config: EscalationConfig): number | null {
	if (incident.status !== 'new') return null;
	const seconds = config[incident.severity];
	return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * When the next escalation falls due, or null when none will (acknowledged, or disabled).
 * Level n is due n intervals after opening, at the incident's current severity; a source that
 * restored does not stop it, since nobody has yet looked.
 */
export function nextEscalationAt(incident: Incident, config: EscalationConfig = DEFAULT_ESCALATION): string | null {
	const ms = escalationIntervalMs(incident, config);
	if (ms === null) return null;
	return new Date(Date.parse(incident.openedAt) + (incident.escalationLevel + 1) * ms).toISOString();
}

/**
 * The level to record in an `IncidentEscalated` event at `now`, or null when none is due. After
 * downtime it jumps to the current level in one event instead of replaying each missed one.
 */
export function dueEscalation(
	incident: Incident,
	now: Date,
	config: EscalationConfig = DEFAULT_ESCALATION
): { level: number } | null {
	const ms = escalationIntervalMs(incident, config);
	if (ms === null) return null;
	const level = Math.floor((now.getTime() - Date.parse(incident.openedAt)) / ms);
	return level > incident.escalationLevel ? { level } : null;
}

/** A maintenance test: until `until` (exclusive), the device's alarms (one point's, if given) open nothing. */
export interface TestWindow {
	site: string;
	device: string;
	point?: string;
	until: string;
}

/** Whether a device event at `at` falls in a test window; a whole-device window covers comm faults too. */
export function isUnderTest(windows: readonly TestWindow[], site: string, device: string, point: string, at: Date): boolean {
	return windows.some(
		(w) =>
			w.site === site &&
			w.device === device &&
			(w.point === undefined || w.point === point) &&
			at.getTime() < Date.parse(w.until)
	);
}
