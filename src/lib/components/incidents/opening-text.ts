import type { Place } from '$lib/domain/site/places';
import { formatFloor } from '$lib/domain/site/places';
import { m } from '$lib/paraglide/messages.js';
import type { OpeningRefusal } from './opening-request';

/** Why an opening or a drill was refused, in the operator's language. */
export const openingRefusalText: Record<OpeningRefusal, () => string> = {
	unknown_site: m.opening_refused_unknown_site,
	unknown_place: m.opening_refused_unknown_place,
	unknown_point: m.opening_refused_unknown_point,
	invalid: m.opening_refused_invalid,
	forbidden: m.opening_refused_forbidden,
	failed: m.opening_refused_failed
};

/** The picker's level names, building down to room. */
export const placeLevelNames = [m.place_building, m.place_unit, m.place_floor, m.place_room];

/** A place as its level's list shows it: a building by its name on the plan, a unit, a floor as on the signs (B1, 18F), a room by number. */
export function describePlace(p: Place, buildingName: (id: string) => string | undefined): string {
	if (p.kind === 'building') return buildingName(p.id) ?? p.id;
	if (p.kind === 'unit') return m.place_unit_name({ unit: p.unit ?? p.id });
	if (p.kind === 'floor') return p.floor === null ? p.id : formatFloor(p.floor);
	return p.room ?? p.id;
}
