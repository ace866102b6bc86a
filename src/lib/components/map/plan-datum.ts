import { wgs84ToGcj02 } from '$lib/domain/gcj02';
import type { FloorPlan, LngLat, PlanFeature, PlanGeometry, SitePlan } from '$lib/domain/site/model';
import type { TileDatum } from '$lib/domain/tile-source';

function shiftGeometry(g: PlanGeometry, shift: (p: LngLat) => LngLat): PlanGeometry {
	switch (g.type) {
		case 'Point':
			return { ...g, coordinates: shift(g.coordinates) };
		case 'LineString':
			return { ...g, coordinates: g.coordinates.map(shift) };
		case 'Polygon':
			return { ...g, coordinates: g.coordinates.map((ring) => ring.map(shift)) };
	}
}

/** The shift from our WGS-84 data into the tiles' datum. */
export function getDatumShift(datum: TileDatum | undefined): ((p: LngLat) => LngLat) | undefined {
	return datum === 'gcj02' ? wgs84ToGcj02 : undefined;
}

/**
 * The plan as drawn over tiles in `datum`: with GCJ-02 tiles every position is shifted once
 * here, so every layer (and the incidents placed at its alarm points) lands on the tiles.
 * Returns the same plan when no shift is needed, so nothing downstream redraws.
 */
export function toTileDatum(plan: SitePlan, datum: TileDatum | undefined): SitePlan {
	const shift = getDatumShift(datum);
	if (!shift) return plan;
	return { ...plan, features: plan.features.map((f) => ({ ...f, geometry: shiftGeometry(f.geometry, shift) }) as PlanFeature) };
}

/** Floor plans with their corners in the tiles' datum; the same list when no shift is needed. */
export function floorPlansToTileDatum(plans: readonly FloorPlan[], datum: TileDatum | undefined): readonly FloorPlan[] {
	const shift = getDatumShift(datum);
	if (!shift) return plans;
	return plans.map((p) => ({ ...p, bounds: [shift(p.bounds[0]), shift(p.bounds[1])] }));
}
