import type { Incident } from '../incident/model';
import { isIncidentOpen } from '../incident/model';
import { metresBetween } from '../patrol/bundle-routes';
import { listIncidentPlaces } from '../patrol/nearest-guards';
import { findFeature, listFeatures, type SitePlan } from '../site/model';

/**
 * When a dispatched guard is on scene, and whether the guard may take an incident: pure rules
 * shared by the server (which appends the facts) and the phone (which shows the same answer
 * before its scan reaches the server).
 */

/** A checkpoint this close to one of the incident's places (straight line, metres) is "at" it. */
export const ARRIVAL_RADIUS_M = 60;

/** Floors apart that still count as the scene (the stairwell landing above or below). */
const ARRIVAL_FLOORS = 1;

/**
 * Whether a scan of `checkpoint` puts the guard at the incident: the incident has a place on the
 * plan within ARRIVAL_RADIUS_M of the checkpoint, and where both name a floor of the same
 * building, within a floor of each other. An incident with no place on the plan is reached by
 * no scan (the operator marks it on scene by hand).
 */
export function isAtIncident(plan: SitePlan, incident: Pick<Incident, 'device' | 'point' | 'patrol'>, checkpoint: string): boolean {
	const tag = findFeature({ plan }, 'checkpoint', checkpoint);
	if (!tag) return false;
	const places = listIncidentPlaces(plan, incident, [], []);
	if (!places.some((p) => metresBetween(p, tag.geometry.coordinates) <= ARRIVAL_RADIUS_M)) return false;
	const source =
		listFeatures({ plan }, 'alarm_point').find((f) => f.properties.device === incident.device && f.properties.id === incident.point)?.properties ??
		findFeature({ plan }, 'checkpoint', incident.point)?.properties;
	const a = source, b = tag.properties;
	if (a?.floor === undefined || b.floor === undefined || a.building !== b.building) return true;
	return Math.abs(a.floor - b.floor) <= ARRIVAL_FLOORS;
}

/** Why a guard may not take an incident on the phone, or null when they may. */
export function refuseAcceptance(incident: Incident | null, guard: string): 'not_found' | 'not_yours' | 'not_open' | null {
	if (!incident) return 'not_found';
	if (incident.dispatch?.guard !== guard) return 'not_yours';
	return isIncidentOpen(incident) ? null : 'not_open';
}

/** The incidents a scan of `checkpoint` by `guard` brings the guard to: sent to them, open, not yet reached by them. */
export function listArrivals(plan: SitePlan, incidents: readonly Incident[], guard: string, checkpoint: string): Incident[] {
	return incidents.filter(
		(i) => i.dispatch?.guard === guard && i.dispatch.onSceneAt === null && isIncidentOpen(i) && isAtIncident(plan, i, checkpoint)
	);
}
