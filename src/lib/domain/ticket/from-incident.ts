import type { Incident, IncidentKind } from '../incident/model';
import { DRILL_DEVICE, MANUAL_DEVICE } from '../incident/model';
import type { TicketCategory, TicketPriority } from './model';

/**
 * What a ticket opened from an incident starts as: the category its kind usually needs, urgent
 * for critical and major incidents, its place (the room an operator picked, or the alarm point on
 * the map) and zone. The operator may change the category and priority before sending.
 */
const CATEGORY_OF: Partial<Record<IncidentKind, TicketCategory>> = {
	water_leak: 'repair_water',
	power_failure: 'repair_electric',
	elevator_entrapment: 'repair_elevator',
	door_forced: 'repair_door',
	door_held: 'repair_door',
	equipment_fault: 'repair_other',
	communication_fault: 'repair_other',
	fire: 'repair_other',
	smoke: 'repair_other',
	gas: 'repair_other',
	intrusion: 'security',
	panic: 'security',
	patrol_exception: 'security',
	guard_not_responding: 'security'
};

export function ticketDefaultsOf(incident: Incident): { category: TicketCategory; priority: TicketPriority; place: string | null; zone: string | null; point: { device: string; point: string } | null } {
	const byHand = incident.device === MANUAL_DEVICE || incident.device === DRILL_DEVICE;
	return {
		category: CATEGORY_OF[incident.alarmType] ?? 'other',
		priority: incident.severity === 'critical' || incident.severity === 'major' ? 'urgent' : 'normal',
		place: incident.opened?.place ?? null,
		zone: incident.zone,
		point: byHand ? (incident.opened?.target ?? null) : { device: incident.device, point: incident.point }
	};
}
