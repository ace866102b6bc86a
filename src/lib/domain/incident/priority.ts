import type { Incident, IncidentKind } from './model';
import type { Severity } from '../site/model';

/**
 * Priority 1 is the most urgent, 5 the least. Each kind belongs to a class that sets its
 * priority at critical severity; each step down in severity adds one, up to 5:
 *
 * - life safety, someone may be hurt now (fire, smoke, gas, panic, elevator entrapment, a
 *   medical emergency, and a guard on a round who stopped responding, who may be lying hurt
 *   somewhere): 1
 * - a typhoon or storm on its way, like damage: 2; snow and ice, like upkeep: 3
 * - security and damage (intrusion, forced door, water leak, power failure, other), a device
 *   that cannot report, since it hides whatever it watches, and a patrol that missed
 *   checkpoints, since nobody looked there: 2
 *
 * The patrol kinds report no severity: a patrol exception stands at major (3), a guard not
 * responding at critical (1).
 * - nuisance and upkeep (door held open, equipment fault): 3
 *
 * Spelled out in full so the README can print it and a change shows in review.
 */
export const PRIORITY_TABLE: Readonly<Record<IncidentKind, Readonly<Record<Severity, number>>>> = {
	fire: { critical: 1, major: 2, minor: 3, warning: 4 },
	smoke: { critical: 1, major: 2, minor: 3, warning: 4 },
	gas: { critical: 1, major: 2, minor: 3, warning: 4 },
	panic: { critical: 1, major: 2, minor: 3, warning: 4 },
	elevator_entrapment: { critical: 1, major: 2, minor: 3, warning: 4 },
	guard_not_responding: { critical: 1, major: 2, minor: 3, warning: 4 },
	medical_emergency: { critical: 1, major: 2, minor: 3, warning: 4 },
	intrusion: { critical: 2, major: 3, minor: 4, warning: 5 },
	door_forced: { critical: 2, major: 3, minor: 4, warning: 5 },
	water_leak: { critical: 2, major: 3, minor: 4, warning: 5 },
	power_failure: { critical: 2, major: 3, minor: 4, warning: 5 },
	other: { critical: 2, major: 3, minor: 4, warning: 5 },
	communication_fault: { critical: 2, major: 3, minor: 4, warning: 5 },
	patrol_exception: { critical: 2, major: 3, minor: 4, warning: 5 },
	typhoon: { critical: 2, major: 3, minor: 4, warning: 5 },
	door_held: { critical: 3, major: 4, minor: 5, warning: 5 },
	equipment_fault: { critical: 3, major: 4, minor: 5, warning: 5 },
	snow_ice: { critical: 3, major: 4, minor: 5, warning: 5 }
};

/** The priority of an incident of this kind and severity (1 = most urgent). */
export function priorityOf(kind: IncidentKind, severity: Severity): number {
	return PRIORITY_TABLE[kind][severity];
}

// Work still to do comes first; resolved ones still await closing, so before closed ones.
const STAGE: Record<Incident['status'], number> = {
	new: 0,
	acknowledged: 0,
	dispatched: 0,
	on_scene: 0,
	resolved: 1,
	closed: 2
};

/**
 * The operator queue's order: open work before resolved before closed; then priority; then age
 * (older first); then site and opening seq, so the order is total and the same everywhere.
 */
export function compareIncidents(a: Incident, b: Incident): number {
	return (
		STAGE[a.status] - STAGE[b.status] ||
		a.priority - b.priority ||
		Date.parse(a.openedAt) - Date.parse(b.openedAt) ||
		(a.site < b.site ? -1 : a.site > b.site ? 1 : 0) ||
		a.openedSeq - b.openedSeq
	);
}
