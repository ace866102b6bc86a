import type { FloorPlan } from '$lib/domain/site/model';
import { GARAGES, TOWERS, TOWER_DEPTH, TOWER_WIDTH, toLngLat } from './estate-plan';

/** Drawings served from `static/`, each stretched over its footprint (same-origin: no outside request). */
const DIR = '/floor-plans/demo-estate';

/** Tower 1's ground and 2nd floors and garage P1's B1: enough to show the floor switcher. */
export function buildFloorPlans(): FloorPlan[] {
	const tower = TOWERS[0];
	const [w, d] = [TOWER_WIDTH / 2, TOWER_DEPTH / 2];
	const towerBounds: FloorPlan['bounds'] = [toLngLat(tower.x - w, tower.y - d), toLngLat(tower.x + w, tower.y + d)];
	const [x0, y0, x1, y1] = GARAGES[0].box;
	return [
		{ building: tower.id, floor: 1, image: `${DIR}/${tower.id}-1F.svg`, bounds: towerBounds },
		{ building: tower.id, floor: 2, image: `${DIR}/${tower.id}-2F.svg`, bounds: towerBounds },
		{ building: GARAGES[0].id, floor: -1, image: `${DIR}/${GARAGES[0].id}-B1.svg`, bounds: [toLngLat(x0, y0), toLngLat(x1, y1)] }
	];
}
