import type { EventEnvelope } from '$lib/domain/events';
import { COMM_FAULT, GUARD_NOT_RESPONDING, PATROL_EXCEPTION, type Incident, type IncidentStatus } from '$lib/domain/incident/model';
import { compareIncidents } from '$lib/domain/incident/priority';
import type { Queryable } from '../../db/client';
import { envelopeOf, type EventRow } from '../../event-log/read';

/** Incidents of these sites with these statuses, in queue order (priority, then age). */
export async function listIncidents(sql: Queryable, sites: readonly string[], statuses: readonly IncidentStatus[], limit = 500): Promise<Incident[]> {
	const rows = await sql<{ state: Incident }[]>`
		select state from incident where site = any(${sites as string[]}) and status = any(${statuses as string[]})
		order by priority, opened_at limit ${limit}`;
	return rows.map((r) => r.state).sort(compareIncidents);
}

export async function getIncident(sql: Queryable, id: string): Promise<Incident | null> {
	const [row] = await sql<{ state: Incident }[]>`select state from incident where id = ${id}`;
	return row?.state ?? null;
}

/** Raises and clears shown with an incident: the first ones and the latest ones of a flood. */
const SOURCE_EVENTS_EACH_END = 50;

/**
 * An incident's history, in seq order: its steps (acknowledged, assigned … escalated), and the
 * source's events from its opening up to its last (the first and last 50 of a long flood;
 * `count` on the incident says how many there were).
 */
export async function getIncidentHistory(sql: Queryable, incident: Incident): Promise<EventEnvelope[]> {
	const columns = sql`stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data`;
	const source = sourceOf(sql, incident);
	const rows = await sql<EventRow[]>`
		(select ${columns} from event where stream = ${incident.site} and (type like 'Incident%' or type like 'Checklist%') and data ->> 'incident' = ${incident.id})
		union
		(select ${columns} from event where ${source} order by seq limit ${SOURCE_EVENTS_EACH_END})
		union
		(select ${columns} from event where ${source} order by seq desc limit ${SOURCE_EVENTS_EACH_END})
		order by seq`;
	return rows.map(envelopeOf);
}

/** The events of an incident's source: a device's raises and clears, its going offline and back, or a round's patrol facts. */
function sourceOf(sql: Queryable, incident: Incident) {
	// Opened by hand: the opening is its only source event.
	if (incident.opened) return sql`stream = ${incident.site} and seq = ${incident.openedSeq}`;
	const span = sql`stream = ${incident.site} and seq between ${incident.openedSeq} and ${incident.lastSeq}`;
	if (incident.alarmType === PATROL_EXCEPTION || incident.alarmType === GUARD_NOT_RESPONDING) {
		const kinds = incident.alarmType === PATROL_EXCEPTION ? ['RoundWindowClosed', 'MissedCheckpointScanned'] : ['GuardSilenceNoted', 'GuardContactResumed'];
		return sql`${span} and source_kind = 'system' and type = any(${kinds}) and data ->> 'round' = ${incident.point}`;
	}
	const kinds = incident.alarmType === COMM_FAULT ? ['DeviceWentOffline', 'DeviceCameOnline'] : ['AlarmRaised', 'AlarmCleared'];
	return sql`
		${span} and source_kind = 'device' and source_id = ${incident.device} and type = any(${kinds})
		${incident.alarmType === COMM_FAULT ? sql`` : sql`and data ->> 'point' = ${incident.point} and data ->> 'type' = ${incident.alarmType}`}`;
}

/** Display names of the people who took the steps, by user id. */
export async function getActorNames(sql: Queryable, events: EventEnvelope[]): Promise<Record<string, string>> {
	const ids = [...new Set(events.filter((e) => e.source.kind === 'user').map((e) => e.source.id))];
	if (!ids.length) return {};
	const rows = await sql<{ id: string; name: string }[]>`
		select id::text as id, coalesce(nullif(display_name, ''), username) as name from app_user where id::text = any(${ids})`;
	return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
