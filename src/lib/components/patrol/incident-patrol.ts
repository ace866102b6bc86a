import type { Incident } from '$lib/domain/incident/model';

/**
 * What a patrol incident (`patrol_exception`, `guard_not_responding`) carries about its round.
 * Stated here as the browser reads it until the incident model on main declares `patrol`;
 * structural, so the model's own type fits it.
 */
export interface IncidentPatrol {
	round: string;
	route: string;
	guard: string | null;
	missed: string[];
	scannedLate: { checkpoint: string; state: 'on_time' | 'late'; scannedAt: string; receivedAt: string }[];
	silentSince: string | null;
	contactResumedAt: string | null;
}

/** The incident's patrol facts, if it is a patrol incident. */
export const getIncidentPatrol = (i: Incident): IncidentPatrol | undefined => (i as Incident & { patrol?: IncidentPatrol | null }).patrol ?? undefined;
