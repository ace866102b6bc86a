import type * as Leaflet from 'leaflet';
import { listFeatures, type CheckpointFeature, type SitePlan } from '$lib/domain/site/model';
import { getLocale } from '$lib/paraglide/runtime.js';
import { isOnOtherFloor, type FloorView } from './floor-view';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import './checkpoint-marker.css';

export interface CheckpointsLayer {
	/** The group, for the layer control. */
	readonly layer: Leaflet.LayerGroup;
	update(plan: SitePlan): void;
	/** Dims the checkpoints on other floors of the building whose floor plan is shown. */
	setFloor(floor: FloorView): void;
}

const SIZE = 10;
// Below the incidents (markerPane, 600) and above the alarm points' dots (450).
const PANE = 'checkpointPane';

/**
 * Each patrol checkpoint as a small hollow diamond: a shape, not a colour, tells it from
 * alarm points (grey dots) and incidents (filled, coloured), so it reads in greyscale too.
 * Its element carries `checkpoint-marker` and `data-checkpoint-id` for browser tests.
 */
export function createCheckpointsLayer(L: typeof Leaflet, map: Leaflet.Map): CheckpointsLayer {
	map.createPane(PANE).style.zIndex = '460';
	class CheckpointIcon extends L.DivIcon {
		constructor(private readonly id: string) {
			super({ className: 'checkpoint-marker', iconSize: [SIZE, SIZE], html: '<span class="checkpoint-diamond"></span>' });
		}
		// Set on every creation: the element is made anew each time the layer is shown again.
		override createIcon(oldIcon?: HTMLElement): HTMLElement {
			const root = super.createIcon(oldIcon);
			root.dataset.checkpointId = this.id;
			return root;
		}
	}

	const group = L.layerGroup().addTo(map);
	const markers = new Map<string, { marker: Leaflet.Marker; feature: CheckpointFeature }>();
	let floor: FloorView;
	const opacityOf = (feature: CheckpointFeature) => (isOnOtherFloor(feature.properties, floor) ? 0.3 : 1);

	return {
		layer: group,
		update(plan) {
			const locale = getLocale();
			const features = listFeatures({ plan }, 'checkpoint');
			const ids = new Set<string>();
			for (const feature of features) {
				const { id } = feature.properties;
				ids.add(id);
				const entry = markers.get(id);
				if (entry?.feature === feature) continue;
				const latLng = toLatLng(feature.geometry.coordinates);
				const tooltip = createTooltipText(feature.properties.name[locale]);
				if (entry) {
					entry.marker.setLatLng(latLng).setTooltipContent(tooltip).setOpacity(opacityOf(feature));
					entry.feature = feature;
				} else {
					// Not keyboard-focusable: a checkpoint has nothing to open, the tooltip is all it says.
					const marker = L.marker(latLng, { icon: new CheckpointIcon(id), pane: PANE, keyboard: false, opacity: opacityOf(feature) }).bindTooltip(tooltip).addTo(group);
					markers.set(id, { marker, feature });
				}
			}
			for (const [id, { marker }] of markers) {
				if (ids.has(id)) continue;
				group.removeLayer(marker);
				markers.delete(id);
			}
		},
		setFloor(view) {
			floor = view;
			for (const { marker, feature } of markers.values()) marker.setOpacity(opacityOf(feature));
		}
	};
}
