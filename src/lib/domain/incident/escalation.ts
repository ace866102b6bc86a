import type { Severity } from '../site/model';
import type { Incident } from './model';

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
