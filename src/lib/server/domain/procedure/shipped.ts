import type { IncidentKind } from '$lib/domain/incident/model';
import type { Procedure } from '$lib/domain/procedure/model';
import { procedureSchema } from '$lib/domain/procedure/schema';
import communication_fault from './shipped/communication_fault.json';
import door_forced from './shipped/door_forced.json';
import door_held from './shipped/door_held.json';
import elevator_entrapment from './shipped/elevator_entrapment.json';
import equipment_fault from './shipped/equipment_fault.json';
import fire from './shipped/fire.json';
import gas from './shipped/gas.json';
import guard_not_responding from './shipped/guard_not_responding.json';
import intrusion from './shipped/intrusion.json';
import medical_emergency from './shipped/medical_emergency.json';
import other from './shipped/other.json';
import panic from './shipped/panic.json';
import patrol_exception from './shipped/patrol_exception.json';
import power_failure from './shipped/power_failure.json';
import smoke from './shipped/smoke.json';
import snow_ice from './shipped/snow_ice.json';
import typhoon from './shipped/typhoon.json';
import water_leak from './shipped/water_leak.json';

/**
 * The emergency procedures the product ships, one per incident kind, in the three languages:
 * published as version 1 of each procedure that has none (`publishShippedProcedures`). The files
 * are imported statically so the server bundle carries them; each is read through the same
 * schema as an admin's edit, so a broken file stops the start (and the spec) rather than an incident.
 */
export const SHIPPED_PROCEDURES: readonly Procedure[] = [
	fire,
	smoke,
	intrusion,
	door_forced,
	door_held,
	elevator_entrapment,
	water_leak,
	power_failure,
	gas,
	panic,
	equipment_fault,
	other,
	communication_fault,
	patrol_exception,
	guard_not_responding,
	medical_emergency,
	typhoon,
	snow_ice
].map((p) => procedureSchema.parse(p));

const byKind = new Map(SHIPPED_PROCEDURES.map((p) => [p.id, p]));

/** The shipped procedure for an incident kind. */
export const getShippedProcedure = (kind: IncidentKind): Procedure | undefined => byKind.get(kind);
