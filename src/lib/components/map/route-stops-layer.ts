import type * as Leaflet from 'leaflet';
import { listFeatures, type CheckpointFeature, type SitePlan } from '$lib/domain/site/model';
import { getLocale } from '$lib/paraglide/runtime.js';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import './route-stop-marker.css';

export interface RouteStopsLayer {
	/** Redraws only what changed: a marker whose place in the route moved, and the line. */
	update(plan: SitePlan, stops: readonly string[]): void;
}

const SIZE = 22;
const PANE = 'routeStopsPane';
// Its own pane, over the plan's filled shapes, which share the overlay pane and are redrawn after it.
const LINE_PANE = 'routeLinePane';
/** The route drawn over the plan's grey paths: the one thing in colour while editing. */
const LINE_STYLE: Leaflet.PolylineOptions = { color: '#ffb74d', weight: 3, opacity: 0.9, interactive: false, dashArray: '6 4', pane: LINE_PANE };

/**
 * The route editor's layer: every checkpoint of the plan as a button on the map (a click or
 * Enter picks it), the route's stops numbered in order, and the line through them. Markers
 * carry `route-stop-marker`, `data-checkpoint-id` and `data-order` for browser tests.
 * `describe` names a checkpoint for screen readers, with its place in the route (null: not on it).
 */
export function createRouteStopsLayer(
	L: typeof Leaflet,
	map: Leaflet.Map,
	onpick: (checkpoint: string) => void,
	describe: (name: string, order: number | null) => string
): RouteStopsLayer {
	map.createPane(LINE_PANE).style.zIndex = '610';
	map.createPane(PANE).style.zIndex = '620';
	class StopIcon extends L.DivIcon {
		constructor(
			private readonly id: string,
			private readonly order: number | null,
			private readonly label: string
		) {
			// The number is the only markup, and it is ours: names go in as text, through aria-label and the tooltip.
			super({ className: 'route-stop-marker', iconSize: [SIZE, SIZE], html: order === null ? '' : String(order) });
		}
		// A DivIcon reuses its element when the icon changes, so the attributes are set on every call.
		override createIcon(oldIcon?: HTMLElement): HTMLElement {
			const root = super.createIcon(oldIcon);
			root.dataset.checkpointId = this.id;
			root.dataset.order = this.order === null ? '' : String(this.order);
			root.classList.toggle('on-route', this.order !== null);
			root.setAttribute('aria-label', this.label);
			return root;
		}
	}

	const group = L.layerGroup().addTo(map);
	const line = L.polyline([], LINE_STYLE).addTo(group);
	const markers = new Map<string, { marker: Leaflet.Marker; feature: CheckpointFeature; order: number | null }>();

	return {
		update(plan, stops) {
			const locale = getLocale();
			const orderOf = new Map(stops.map((id, n) => [id, n + 1]));
			const features = listFeatures({ plan }, 'checkpoint');
			const byId = new Map(features.map((f) => [f.properties.id, f]));
			for (const feature of features) {
				const { id, name } = feature.properties;
				const order = orderOf.get(id) ?? null;
				const entry = markers.get(id);
				if (entry && entry.feature === feature && entry.order === order) continue;
				const icon = new StopIcon(id, order, describe(name[locale], order));
				if (entry) {
					entry.marker.setLatLng(toLatLng(feature.geometry.coordinates)).setIcon(icon).setTooltipContent(createTooltipText(name[locale]));
					entry.feature = feature;
					entry.order = order;
				} else {
					const marker = L.marker(toLatLng(feature.geometry.coordinates), { icon, pane: PANE, keyboard: true, riseOnHover: true })
						.bindTooltip(createTooltipText(name[locale]), { direction: 'top', offset: [0, -SIZE / 2] })
						.on('click', () => onpick(id))
						.addTo(group);
					markers.set(id, { marker, feature, order });
				}
			}
			for (const [id, { marker }] of markers) {
				if (byId.has(id)) continue;
				group.removeLayer(marker);
				markers.delete(id);
			}
			line.setLatLngs(stops.flatMap((id) => (byId.has(id) ? [toLatLng(byId.get(id)!.geometry.coordinates)] : [])));
		}
	};
}
