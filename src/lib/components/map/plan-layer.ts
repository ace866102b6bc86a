import type * as Leaflet from 'leaflet';
import { getBounds, listFeatures, listPositions, type Bounds, type LngLat, type SitePlan } from '$lib/domain/site/model';
import { getLocale } from '$lib/paraglide/runtime.js';
import { GATE_STYLE, LABEL_MIN_ZOOM, PLAN_SHAPE_KINDS, PLAN_STYLES } from './map-styles';
import { createTooltipText } from './tooltip-text';

export interface PlanLayer {
	update(plan: SitePlan): void;
}

/** GeoJSON is [lng, lat]; Leaflet wants [lat, lng]. */
export const toLatLng = ([lng, lat]: LngLat): Leaflet.LatLngTuple => [lat, lng];

/** The estate's outline, or every feature when the plan draws none. */
export function getPlanBounds(plan: SitePlan): Bounds | undefined {
	const outline = listFeatures({ plan }, 'boundary');
	const features = outline.length > 0 ? outline : plan.features;
	return getBounds(features.flatMap((f) => listPositions(f.geometry)));
}

/** The ground plan (outline, zones, garages, roads, buildings, gates) drawn from its vectors. */
export function createPlanLayer(L: typeof Leaflet, map: Leaflet.Map): PlanLayer {
	const group = L.layerGroup().addTo(map);
	let drawn: SitePlan | undefined;

	// One class on the container hides every label at once, instead of opening and closing each tooltip.
	const showLabels = () => map.getContainer().classList.toggle('show-plan-labels', map.getZoom() >= LABEL_MIN_ZOOM);
	map.on('zoomend', showLabels);
	showLabels();

	return {
		// The plan changes only when the site itself is edited: redrawing it whole then is rare and simpler than diffing.
		update(plan) {
			if (plan === drawn) return;
			drawn = plan;
			group.clearLayers();
			const locale = getLocale();
			for (const kind of PLAN_SHAPE_KINDS) {
				for (const f of listFeatures({ plan }, kind)) {
					// Not interactive: clicks and hovers belong to the alarm points and incidents above.
					const options = { ...PLAN_STYLES[kind], interactive: false };
					const shape =
						f.geometry.type === 'Polygon'
							? L.polygon(f.geometry.coordinates.map((ring) => ring.map(toLatLng)), options)
							: L.polyline(f.geometry.coordinates.map(toLatLng), options);
					if (kind === 'building') {
						shape.bindTooltip(createTooltipText(f.properties.name[locale]), {
							permanent: true,
							direction: 'center',
							className: 'plan-label'
						});
					}
					group.addLayer(shape);
				}
			}
			for (const gate of listFeatures({ plan }, 'gate')) {
				L.circleMarker(toLatLng(gate.geometry.coordinates), GATE_STYLE)
					.bindTooltip(createTooltipText(gate.properties.name[locale]))
					.addTo(group);
			}
		}
	};
}
