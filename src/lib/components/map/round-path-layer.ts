import type * as Leaflet from 'leaflet';
import { listFeatures, type SitePlan } from '$lib/domain/site/model';
import { toLatLng } from './plan-layer';
import './round-path.css';

/** A round to draw: its route's checkpoints in order, and the guard's trail (checkpoints in the order walked). */
export interface RoundPath {
	round: string;
	route: string[];
	trail: string[];
}

export interface RoundPathLayer {
	/** Shows one round's route and trail, or nothing; moves what is drawn in place. */
	update(plan: SitePlan, path: RoundPath | null): void;
}

const NUMBER_SIZE = 20;
// Over the checkpoints (460) and under the incidents (markerPane, 600): an alarm stays on top.
const PANE = 'roundPathPane';

/**
 * The selected round on the map: its route as a line through its checkpoints in order, each
 * stop numbered, and the guard's trail as a dashed line over it. Checkpoints the plan no longer
 * has are left out of both. The map is fitted once to a newly selected round when it is not all
 * in view. Elements carry `round-stop` and `data-stop`, and the trail `round-trail`, for tests.
 */
export function createRoundPathLayer(L: typeof Leaflet, map: Leaflet.Map): RoundPathLayer {
	map.createPane(PANE).style.zIndex = '520';
	const group = L.layerGroup().addTo(map);
	const route = L.polyline([], { pane: PANE, color: '#4fc3f7', weight: 3, opacity: 0.85, interactive: false });
	const trail = L.polyline([], { pane: PANE, color: '#ffee58', weight: 3, dashArray: '6 6', opacity: 0.95, className: 'round-trail', interactive: false });
	const stops: Leaflet.Marker[] = [];
	let shown: string | null = null;

	const numberIcon = (n: number) =>
		L.divIcon({ className: 'round-stop', iconSize: [NUMBER_SIZE, NUMBER_SIZE], html: `<span class="round-stop-number" data-stop="${n}">${n}</span>` });

	return {
		update(plan, path) {
			if (!path) {
				group.clearLayers();
				stops.length = 0;
				shown = null;
				return;
			}
			const at = new Map(listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, toLatLng(f.geometry.coordinates)]));
			const placed = (ids: string[]) => ids.map((id) => at.get(id)).filter((p) => p !== undefined);
			const routeAt = placed(path.route);
			const trailAt = placed(path.trail);
			route.setLatLngs(routeAt);
			trail.setLatLngs(trailAt);
			if (!group.hasLayer(route)) group.addLayer(route).addLayer(trail);
			// One numbered marker per stop, reused: a route keeps its stops as the round moves on.
			routeAt.forEach((latLng, n) => {
				if (stops[n]) stops[n].setLatLng(latLng);
				else stops.push(L.marker(latLng, { icon: numberIcon(n + 1), pane: PANE, keyboard: false, interactive: false }).addTo(group));
			});
			for (const extra of stops.splice(routeAt.length)) group.removeLayer(extra);
			if (shown !== path.round) {
				shown = path.round;
				const bounds = L.latLngBounds([...routeAt, ...trailAt]);
				if (bounds.isValid() && !map.getBounds().contains(bounds)) map.fitBounds(bounds, { padding: [24, 24], maxZoom: map.getZoom() });
			}
		}
	};
}
