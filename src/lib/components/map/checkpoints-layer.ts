import type * as Leaflet from 'leaflet';
import type { CheckpointState } from '$lib/domain/patrol/round';
import { listFeatures, type CheckpointFeature, type SitePlan } from '$lib/domain/site/model';
import { getLocale } from '$lib/paraglide/runtime.js';
import { isOnOtherFloor, type FloorView } from './floor-view';
import { toLatLng } from './plan-layer';
import { createTooltipText } from './tooltip-text';
import './checkpoint-marker.css';

/** A checkpoint's state in the current rounds, and the tooltip's lines that say so (one per round). */
export interface CheckpointLook {
	state: CheckpointState;
	lines: string[];
}

export interface CheckpointsLayer {
	/** The group, for the layer control. */
	readonly layer: Leaflet.LayerGroup;
	update(plan: SitePlan): void;
	/** Colours each checkpoint by its state in the current rounds; one on none keeps the plain look. In place. */
	setStates(looks: ReadonlyMap<string, CheckpointLook>): void;
	/** Dims the checkpoints on other floors of the building whose floor plan is shown. */
	setFloor(floor: FloorView): void;
}

const SIZE = 10;
// Below the incidents (markerPane, 600) and above the alarm points' dots (450).
const PANE = 'checkpointPane';

/**
 * Each patrol checkpoint as a small diamond: a shape, not a colour, tells it from alarm points
 * (grey dots) and incidents (round, coloured), so it reads in greyscale too. Hollow teal when on
 * no current round; on one, coloured by its state (`data-state`), which its tooltip also names.
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
			showState(root, looks.get(this.id));
			return root;
		}
	}
	const showState = (root: HTMLElement | undefined, look: CheckpointLook | undefined) => {
		if (!root) return;
		if (look) root.dataset.state = look.state;
		else delete root.dataset.state;
	};
	let looks: ReadonlyMap<string, CheckpointLook> = new Map();
	const tooltipOf = (feature: CheckpointFeature) => createTooltipText(feature.properties.name[getLocale()], ...(looks.get(feature.properties.id)?.lines ?? []));
	const lookKey = (look: CheckpointLook | undefined) => (look ? [look.state, ...look.lines].join('\n') : '');

	const group = L.layerGroup().addTo(map);
	const markers = new Map<string, { marker: Leaflet.Marker; feature: CheckpointFeature; look: string }>();
	let floor: FloorView;
	const opacityOf = (feature: CheckpointFeature) => (isOnOtherFloor(feature.properties, floor) ? 0.3 : 1);

	return {
		layer: group,
		update(plan) {
			const features = listFeatures({ plan }, 'checkpoint');
			const ids = new Set<string>();
			for (const feature of features) {
				const { id } = feature.properties;
				ids.add(id);
				const entry = markers.get(id);
				if (entry?.feature === feature) continue;
				const latLng = toLatLng(feature.geometry.coordinates);
				const tooltip = tooltipOf(feature);
				if (entry) {
					entry.marker.setLatLng(latLng).setTooltipContent(tooltip).setOpacity(opacityOf(feature));
					entry.feature = feature;
					entry.look = lookKey(looks.get(id));
				} else {
					// Not keyboard-focusable: a checkpoint has nothing to open, the tooltip is all it says.
					const marker = L.marker(latLng, { icon: new CheckpointIcon(id), pane: PANE, keyboard: false, opacity: opacityOf(feature) }).bindTooltip(tooltip).addTo(group);
					markers.set(id, { marker, feature, look: lookKey(looks.get(id)) });
				}
			}
			for (const [id, { marker }] of markers) {
				if (ids.has(id)) continue;
				group.removeLayer(marker);
				markers.delete(id);
			}
		},
		setStates(next) {
			looks = next;
			for (const [id, entry] of markers) {
				const key = lookKey(looks.get(id));
				if (key === entry.look) continue;
				entry.look = key;
				showState(entry.marker.getElement(), looks.get(id));
				entry.marker.setTooltipContent(tooltipOf(entry.feature));
			}
		},
		setFloor(view) {
			floor = view;
			for (const { marker, feature } of markers.values()) marker.setOpacity(opacityOf(feature));
		}
	};
}
