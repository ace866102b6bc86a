import type * as Leaflet from 'leaflet';
import { listFeatures, type AlarmPointFeature, type SitePlan } from '$lib/domain/site/model';
import { getLocale } from '$lib/paraglide/runtime.js';
import { isOnOtherFloor, type FloorView } from './floor-view';
import { ALARM_POINT_STYLE } from './map-styles';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';

/** The plan's alarm points by id: where an incident (`incident.point`) is drawn. */
export function indexAlarmPoints(plan: SitePlan): Map<string, AlarmPointFeature> {
	return new Map(listFeatures({ plan }, 'alarm_point').map((f) => [f.properties.id, f]));
}

const PANE = 'alarmPointPane';
const DIMMED_STYLE = { ...ALARM_POINT_STYLE, opacity: 0.25, fillOpacity: 0.25 };

export interface AlarmPointsLayer {
	/** The group, for the layer control. */
	readonly layer: Leaflet.LayerGroup;
	update(points: ReadonlyMap<string, AlarmPointFeature>): void;
	/** Dims the points on other floors of the building whose floor plan is shown. */
	setFloor(floor: FloorView): void;
}

/** Every detector, door and sensor as a small grey dot, so operators see what is watched. */
export function createAlarmPointsLayer(L: typeof Leaflet, map: Leaflet.Map): AlarmPointsLayer {
	// An own pane above the plan's: a redrawn plan would otherwise be appended over the dots.
	map.createPane(PANE).style.zIndex = '450';
	const group = L.layerGroup().addTo(map);
	const markers = new Map<string, { marker: Leaflet.CircleMarker; feature: AlarmPointFeature }>();
	let floor: FloorView;
	const styleOf = (feature: AlarmPointFeature) => (isOnOtherFloor(feature.properties, floor) ? DIMMED_STYLE : ALARM_POINT_STYLE);

	return {
		layer: group,
		update(points) {
			const locale = getLocale();
			for (const [id, feature] of points) {
				const entry = markers.get(id);
				if (entry?.feature === feature) continue;
				const latLng = toLatLng(feature.geometry.coordinates);
				const tooltip = createTooltipText(feature.properties.name[locale]);
				if (entry) {
					entry.marker.setLatLng(latLng).setTooltipContent(tooltip).setStyle(styleOf(feature));
					entry.feature = feature;
				} else {
					const marker = L.circleMarker(latLng, { ...styleOf(feature), pane: PANE }).bindTooltip(tooltip).addTo(group);
					markers.set(id, { marker, feature });
				}
			}
			for (const [id, { marker }] of markers) {
				if (points.has(id)) continue;
				marker.remove();
				markers.delete(id);
			}
		},
		setFloor(view) {
			floor = view;
			for (const { marker, feature } of markers.values()) marker.setStyle(styleOf(feature));
		}
	};
}
