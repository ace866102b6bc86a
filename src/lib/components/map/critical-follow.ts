import type * as Leaflet from 'leaflet';
import type { Incident } from '$lib/domain/incident/model';
import type { AlarmPointFeature } from '$lib/domain/site/model';
import { FOLLOW_ZOOM } from './map-styles';
import { toLatLng } from './plan-layer';

export type CriticalFollow = (
	incidents: readonly Incident[],
	points: ReadonlyMap<string, AlarmPointFeature>,
	follow: boolean
) => void;

/**
 * Flies the map to a critical incident that has just appeared (an id not seen before, still
 * new); of several at once, to the most urgent. Incidents present when the map opened are not
 * arrivals. Seen ids are kept even while following is off, so switching it on never flies to
 * an old incident; and never forgotten, so an incident shown again (a filter toggled) does not
 * count as arriving. That costs one short string per incident the session has shown.
 */
export function createCriticalFollow(map: Leaflet.Map): CriticalFollow {
	const seen = new Set<string>();
	let primed = false;
	return (incidents, points, follow) => {
		const arrived = incidents.filter((i) => !seen.has(i.id));
		for (const i of arrived) seen.add(i.id);
		if (!primed) {
			primed = true;
			return;
		}
		if (!follow) return;
		let target: { priority: number; point: AlarmPointFeature } | undefined;
		for (const i of arrived) {
			const point = points.get(i.point);
			if (i.status !== 'new' || i.severity !== 'critical' || !point) continue;
			if (!target || i.priority < target.priority) target = { priority: i.priority, point };
		}
		if (!target) return;
		const centre = toLatLng(target.point.geometry.coordinates);
		const zoom = Math.max(map.getZoom(), FOLLOW_ZOOM);
		const { x, y } = map.getSize();
		// flyTo's curve divides by the map's size: a hidden (zero-sized) map just jumps.
		if (x > 0 && y > 0) map.flyTo(centre, zoom);
		else map.setView(centre, zoom);
	};
}
