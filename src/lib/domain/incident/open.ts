import type { EventEnvelope } from '../events';
import type { Incident, IncidentKey } from './model';
import { priorityOf } from './priority';

/** A new incident with `key`, opened by `e` at `severity`. */
export function openIncident(key: IncidentKey, e: EventEnvelope, severity: Incident['severity']): Incident {
	const at = e.receivedAt;
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
		zone: null,
		text: null,
		noteCount: 0,
		lastNote: null
	};
}
