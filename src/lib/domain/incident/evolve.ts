import type { EventEnvelope } from '../events';
import { SEVERITIES } from '../site/model';
import { formatIncidentKey, incidentIdOf, incidentKeyOf, isIncidentSource, isPatrolIncidentEvent, type IncidentSourceEvent } from './key';
import { evolveFromPatrol } from './patrol';
import { openIncident } from './open';
import { COMM_FAULT_SEVERITY, QUEUE_STATUSES, isIncidentOpen, type Incident, type IncidentKey } from './model';
import type { SiteProjection } from '../projection';
import { priorityOf } from './priority';

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
	if (key && isIncidentSource(e)) return evolveFromSource(current, key, e);
	if (key && isPatrolIncidentEvent(e)) return evolveFromPatrol(current, key, e);
	if (key && e.type === 'IncidentOpened') return current ?? openByHand(key, e);
	if (!current || incidentIdOf(e) !== current.id) return current;
	const at = e.receivedAt;
	const by = e.source.id;
	const next = { ...current, lastSeq: e.seq };
	switch (e.type) {
		case 'IncidentAcknowledged':
			return { ...next, status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by, disposition: e.data.disposition };
		case 'IncidentAssigned':
			return { ...next, status: 'dispatched', assignee: e.data.assignee, assignedAt: at };
		case 'IncidentArrived': {
			const arrivedAt = e.data.scannedAt ?? at;
			const dispatch = current.dispatch && e.data.guard === current.dispatch.guard ? { ...current.dispatch, onSceneAt: arrivedAt } : current.dispatch;
			return { ...next, status: 'on_scene', arrivedAt, ...(dispatch ? { dispatch } : {}) };
		}
		case 'IncidentDispatched': {
			// Sending a guard is taking the alarm: it stops escalation as an acknowledgement does. A guard
			// sent as back-up to a scene leaves it on scene.
			const taken = current.acknowledgedAt === null ? { acknowledgedAt: at, acknowledgedBy: by } : {};
			const dispatch = { guard: e.data.guard, sentAt: at, sentBy: by, acceptedAt: null, onSceneAt: null };
			return { ...next, ...taken, status: current.status === 'on_scene' ? 'on_scene' : 'dispatched', assignee: e.data.guard, assignedAt: at, dispatch };
		}
		case 'IncidentDispatchAccepted':
			if (current.dispatch?.guard !== e.data.guard) return next;
			return { ...next, dispatch: { ...current.dispatch, acceptedAt: at } };
		case 'IncidentNoted':
			return { ...next, noteCount: current.noteCount + 1, lastNote: e.data.text };
		case 'IncidentResolved':
			return { ...next, status: 'resolved', resolvedAt: at, resolvedBy: by, ...(e.data.override ? { resolvedOver: e.data.override } : {}) };
		case 'IncidentClosed':
			return { ...next, status: 'closed', closedAt: at, closedBy: by };
		case 'IncidentEscalated':
			return { ...next, escalationLevel: e.data.level, lastEscalatedAt: at };
		default:
			return current;
	}
}

/** An incident an operator opened (or a drill): at the severity and place they gave. */
function openByHand(key: IncidentKey, e: EventEnvelope<'IncidentOpened'>): Incident {
	const d = e.data;
	const opened = { by: e.source.id, place: d.place, target: d.target ?? null, note: d.note };
	return { ...openIncident(key, e, d.severity), opened, text: d.note, ...(d.drill ? { drill: true } : {}) };
}

function evolveFromSource(current: Incident | undefined, key: IncidentKey, e: IncidentSourceEvent): Incident | undefined {
	const open = current && isIncidentOpen(current) ? current : undefined;
	const at = e.receivedAt;
	if (e.type === 'AlarmCleared' || e.type === 'DeviceCameOnline') {
		if (!open || open.sourceRestoredAt !== null) return current;
		return { ...open, sourceRestoredAt: at, lastSeq: e.seq };
	}
	const d = e.type === 'AlarmRaised' ? e.data : undefined;
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
	return { ...openIncident(key, e, severity), zone: d?.zone ?? null, text: d?.text ?? null };
}

/**
 * Incidents by id with the index of open ones by key: what a batch (or a replay) evolves. The
 * server loads the part a batch touches; a replay starts empty.
 */
export interface IncidentIndex {
	byId: Map<string, Incident>;
	openByKey: Map<string, string>;
}

export const emptyIncidentIndex = (): IncidentIndex => ({ byId: new Map(), openByKey: new Map() });

/**
 * Apply one event to the index: find the incident it concerns (the open one with its key, or
 * the one its step names), evolve it, and keep the open-key index right. Returns the incident
 * that changed, or null. The one rule the live projection and a replay both run.
 */
export function applyIncidentEvent(index: IncidentIndex, e: EventEnvelope): Incident | null {
	const key = incidentKeyOf(e);
	const id = key ? index.openByKey.get(formatIncidentKey(key)) : incidentIdOf(e);
	if (!key && !id) return null;
	const current = id ? index.byId.get(id) : undefined;
	const next = evolveIncident(current, e);
	if (!next || next === current) return null;
	index.byId.set(next.id, next);
	const k = formatIncidentKey(next);
	if (isIncidentOpen(next)) index.openByKey.set(k, next.id);
	// Only its own entry: closing an old incident must not unindex a newer open one with the same key.
	else if (index.openByKey.get(k) === next.id) index.openByKey.delete(k);
	return next;
}

/** Every incident the events make, by id: `evolveIncident` run over the log in seq order. */
export function replayIncidents(events: Iterable<EventEnvelope>): Map<string, Incident> {
	const index = emptyIncidentIndex();
	for (const e of events) applyIncidentEvent(index, e);
	return index.byId;
}

/** An index holding `incidents`, the open ones indexed by key. */
export function indexIncidents(incidents: Iterable<Incident>): IncidentIndex {
	const index = emptyIncidentIndex();
	for (const i of incidents) {
		index.byId.set(i.id, i);
		if (isIncidentOpen(i)) index.openByKey.set(formatIncidentKey(i), i.id);
	}
	return index;
}

const inQueue = (index: IncidentIndex) => [...index.byId.values()].filter((i) => QUEUE_STATUSES.includes(i.status));

/**
 * The incidents (`incidents`): every incident of the site; a keyframe and a console hold the
 * queue (new to resolved), since a closed incident takes no further step.
 */
export const incidents: SiteProjection<IncidentIndex, Incident> = {
	name: 'incidents',
	restore: indexIncidents,
	evolve: (index, e) => void applyIncidentEvent(index, e),
	rows: (index) => [...index.byId.values()],
	keep: inQueue
};
