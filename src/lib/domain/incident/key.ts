import type { EventEnvelope } from '../events';
import { INCIDENT_EVENTS, type IncidentEventType } from './events';
import { COMM_FAULT, COMM_FAULT_POINT, DRILL_DEVICE, GUARD_NOT_RESPONDING, MANUAL_DEVICE, PATROL_EXCEPTION, type IncidentKey } from './model';

const isIncidentEventType = (type: string): type is IncidentEventType => Object.hasOwn(INCIDENT_EVENTS, type);

/**
 * The key of the incident a device event opens or refreshes; null for any other event and for
 * events received under test (`data.test === true`, stamped by the writer from `isUnderTest`,
 * so a replay skips them just as the live projection did).
 */
export function incidentKeyOf(e: EventEnvelope): IncidentKey | null {
	if (e.type === 'IncidentOpened') return { site: e.site, device: e.data.drill ? DRILL_DEVICE : MANUAL_DEVICE, point: e.id ?? String(e.seq), alarmType: e.data.kind };
	if (isPatrolIncidentEvent(e)) {
		const alarmType = e.type === 'RoundWindowClosed' || e.type === 'MissedCheckpointScanned' ? PATROL_EXCEPTION : GUARD_NOT_RESPONDING;
		return { site: e.site, device: e.data.route, point: e.data.round, alarmType };
	}
	if (!isIncidentSource(e) || e.data.test === true) return null;
	// A panic press from a phone is the guard's, whichever account or phone sent it.
	const device = e.source.kind === 'user' && e.type === 'AlarmRaised' ? e.data.guard! : e.source.id;
	if (e.type === 'AlarmRaised' || e.type === 'AlarmCleared') return { site: e.site, device, point: e.data.point, alarmType: e.data.type };
	return { site: e.site, device, point: COMM_FAULT_POINT, alarmType: COMM_FAULT };
}

/** The device events that open, refresh or restore incidents. */
export type IncidentSourceEvent = EventEnvelope<'AlarmRaised' | 'AlarmCleared' | 'DeviceWentOffline' | 'DeviceCameOnline'>;

/**
 * Whether a device reported it, or a guard pressed the panic button on the phone (any other
 * person, or the server, never opens an incident this way).
 */
export function isIncidentSource(e: EventEnvelope): e is IncidentSourceEvent {
	if (e.source.kind === 'user') return e.type === 'AlarmRaised' && e.data.type === 'panic' && typeof e.data.guard === 'string';
	return (
		e.source.kind === 'device' &&
		(e.type === 'AlarmRaised' || e.type === 'AlarmCleared' || e.type === 'DeviceWentOffline' || e.type === 'DeviceCameOnline')
	);
}

/** The patrol timer's facts that open, update or restore patrol incidents (key: route and round). */
export type PatrolIncidentEvent = EventEnvelope<'RoundWindowClosed' | 'MissedCheckpointScanned' | 'GuardSilenceNoted' | 'GuardContactResumed'>;

export function isPatrolIncidentEvent(e: EventEnvelope): e is PatrolIncidentEvent {
	return e.type === 'RoundWindowClosed' || e.type === 'MissedCheckpointScanned' || e.type === 'GuardSilenceNoted' || e.type === 'GuardContactResumed';
}

/** An incident step (acknowledged … escalated). */
export type IncidentStepEvent = EventEnvelope<IncidentEventType>;

export function isIncidentStep(e: EventEnvelope): e is IncidentStepEvent {
	return isIncidentEventType(e.type);
}

/** The incident id an incident step refers to; null for any other event. */
export function incidentIdOf(e: EventEnvelope): string | null {
	return isIncidentStep(e) ? e.data.incident : null;
}

/** One string per key, for maps. Only `point` may contain '/', so the form is unambiguous. */
export function formatIncidentKey(k: IncidentKey): string {
	return `${k.site}/${k.device}/${k.point}/${k.alarmType}`;
}

/** `${site}:${seq}`, as `evolveIncident` makes them. */
export const INCIDENT_ID = /^([A-Za-z0-9_-]{1,64}):(\d{1,15})$/;

/** The site of an incident id, or null when it is not one. */
export function siteOfIncident(id: string): string | null {
	return INCIDENT_ID.exec(id)?.[1] ?? null;
}
