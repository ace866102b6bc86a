import { listFeatures, type LngLat, type SiteBundle } from '../site/model';
import type { RouteDefinedData, ScheduleDefinedData } from './round-events';

/**
 * A bundle's patrol routes as the route and schedule events an import appends: each
 * `patrol_route` feature defines a route and a schedule under its own id. Pure.
 */

/** Walking pace on an estate's paths, metres per minute (a steady 1 m/s, stairs and doors included in the scan minute). */
export const WALKING_METRES_PER_MINUTE = 60;
/** The default window around each checkpoint's expected time. */
export const DEFAULT_TOLERANCE_MINUTES = 5;
/** Scanning a tag takes about this long at each stop. */
const SCAN_MINUTES = 1;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in metres (haversine): plenty for the few hundred metres of an estate. */
export function metresBetween(a: LngLat, b: LngLat): number {
	const dLat = rad(b[1] - a[1]);
	const dLng = rad(b[0] - a[0]);
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLng / 2) ** 2;
	return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Minutes to walk from one checkpoint to the next and scan it, at least one. */
export function legMinutesOf(from: LngLat | undefined, to: LngLat | undefined): number {
	if (!from || !to) return SCAN_MINUTES;
	return Math.max(1, Math.ceil(metresBetween(from, to) / WALKING_METRES_PER_MINUTE) + SCAN_MINUTES);
}

export interface BundleRoute {
	route: RouteDefinedData;
	schedule: ScheduleDefinedData;
}

/**
 * Each patrol route of the bundle with the schedule it implies: stops in feature order, each
 * leg's minutes from the distance between the checkpoints (the first is walked from the start,
 * 0 minutes), rounds every `intervalMinutes` between `from` and `to` (all day by default), not
 * assigned to a guard (the first scan claims a round).
 */
export function routesOfBundle(bundle: Pick<SiteBundle, 'plan'>): BundleRoute[] {
	const at = new Map(listFeatures(bundle, 'checkpoint').map((c) => [c.properties.id, c.geometry.coordinates]));
	return listFeatures(bundle, 'patrol_route').map((f) => {
		const p = f.properties;
		const tolerance = p.toleranceMinutes ?? DEFAULT_TOLERANCE_MINUTES;
		const stops = p.checkpoints.map((checkpoint, n) => ({
			checkpoint,
			legMinutes: n === 0 ? 0 : legMinutesOf(at.get(p.checkpoints[n - 1]), at.get(checkpoint)),
			toleranceMinutes: tolerance
		}));
		const route: RouteDefinedData = {
			route: p.id,
			name: p.name,
			mode: p.mode ?? 'any_order',
			stops,
			...(p.silenceMinutes !== undefined && { silenceMinutes: p.silenceMinutes })
		};
		const from = p.from ?? '00:00';
		const schedule: ScheduleDefinedData = {
			schedule: p.id,
			route: p.id,
			rule: { kind: 'every', minutes: p.intervalMinutes, from, to: p.to ?? from },
			guard: null
		};
		return { route, schedule };
	});
}
