import type * as Leaflet from 'leaflet';
import type { FloorPlan } from '$lib/domain/site/model';
import { toLatLng } from './plan-layer';

export interface FloorPlanLayer {
	/** Shows this floor's drawing over its building, or none. */
	show(plan: FloorPlan | undefined): void;
}

// Over the plan's vectors (overlayPane, 400), under the alarm points (450) and markers.
const PANE = 'floorPlanPane';

/** One floor-plan image at a time, as an image overlay stretched over its bounds. */
export function createFloorPlanLayer(L: typeof Leaflet, map: Leaflet.Map): FloorPlanLayer {
	map.createPane(PANE).style.zIndex = '420';
	let shown: { plan: FloorPlan; overlay: Leaflet.ImageOverlay } | undefined;
	return {
		show(plan) {
			if (shown?.plan === plan) return;
			shown?.overlay.remove();
			shown = undefined;
			if (!plan) return;
			const [sw, ne] = plan.bounds;
			const overlay = L.imageOverlay(plan.image, [toLatLng(sw), toLatLng(ne)], {
				pane: PANE,
				interactive: false,
				className: 'floor-plan-image'
			}).addTo(map);
			// Browser tests find the drawing by what it shows.
			Object.assign(overlay.getElement()!.dataset, { building: plan.building, floor: String(plan.floor) });
			shown = { plan, overlay };
		}
	};
}
