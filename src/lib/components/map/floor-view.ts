import type { FloorPlan } from '$lib/domain/site/model';

/** The floor a map shows over one building; undefined shows the ground plan alone. */
export type FloorView = Pick<FloorPlan, 'building' | 'floor'> | undefined;

/** B2, B1, 1F, 2F…: the way lifts and signs in China and Taiwan name floors, in every locale. */
export function getFloorLabel(floor: number): string {
	return floor < 0 ? `B${-floor}` : `${floor}F`;
}

/**
 * Whether a point (alarm point, checkpoint) lies on another floor of the building whose floor
 * is shown: those are dimmed. Points without a floor, or in other buildings, stay as they are.
 */
export function isOnOtherFloor(point: { building?: string; floor?: number }, view: FloorView): boolean {
	return !!view && point.building === view.building && point.floor !== undefined && point.floor !== view.floor;
}
