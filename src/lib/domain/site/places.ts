/**
 * An estate's places: building → unit → floor → room, so an alarm, a scan or a ticket can hang
 * off a place. A bundle describes them compactly per building (units with their floors and rooms
 * per floor); `listPlaces` expands that into every place with a stable id. Pure, no I/O.
 */

/** One unit (单元) of a building: its floors (negative underground, no floor 0) and rooms per floor above ground. */
export interface UnitSpec {
	id: string;
	/** [lowest, highest], e.g. [-1, 26]. */
	floors: [number, number];
	roomsPerFloor: number;
}

/** The units of one building feature of the plan. */
export interface BuildingPlaces {
	building: string;
	units: UnitSpec[];
}

export type PlaceKind = 'building' | 'unit' | 'floor' | 'room';

export interface Place {
	/** `T1`, `T1-2` (unit 2), `T1-2-18F` / `T1-2-B1` (floor), `T1-2-1804` (room). */
	id: string;
	kind: PlaceKind;
	parent: string | null;
	building: string;
	unit: string | null;
	floor: number | null;
	/** The room's number as residents write it (1804 is floor 18, room 4). */
	room: string | null;
}

/** B2, B1, 1F, 2F, … as floors are written on Chinese estates' signs. */
export function formatFloor(floor: number): string {
	return floor < 0 ? `B${-floor}` : `${floor}F`;
}

/** Every floor of a range, skipping 0: there is no ground floor 0 on a Chinese estate. */
export function listFloors([lowest, highest]: readonly [number, number]): number[] {
	const floors: number[] = [];
	for (let f = lowest; f <= highest; f++) if (f !== 0) floors.push(f);
	return floors;
}

/** Room numbers: floor then a two-digit index (floor 18, room 4 → 1804); none underground. */
export function roomNumber(floor: number, index: number): string {
	return `${floor}${String(index).padStart(2, '0')}`;
}

/**
 * The most places (buildings, units, floors and rooms) one site may expand into. A tower of 33
 * floors with 4 flats a floor makes about 1.25 places per household, so 200,000 places hold some
 * 150,000 households: several times the largest estates run as one site (a few tens of thousands
 * of households). The bundle's schema alone allows ~10⁹ (1,000 buildings × 50 units × 220 floors
 * × 99 rooms) from a few hundred kilobytes; expanded, that exhausts memory. At the cap an import
 * holds some 50 MB of places for a moment and writes them in 40 statements.
 */
export const MAX_PLACES_PER_SITE = 200_000;

/** How many floors a range has (no floor 0), and how many of them are above ground. */
function floorCounts([lowest, highest]: readonly [number, number]): { floors: number; aboveGround: number } {
	if (highest < lowest) return { floors: 0, aboveGround: 0 };
	const aboveGround = Math.max(0, highest - Math.max(lowest, 1) + 1);
	const underground = Math.max(0, Math.min(highest, -1) - lowest + 1);
	return { floors: aboveGround + underground, aboveGround };
}

/** How many places `listPlaces` makes for one building, counted without making them. */
export function countBuildingPlaces(b: BuildingPlaces): number {
	let n = 1;
	for (const u of b.units) {
		const { floors, aboveGround } = floorCounts(u.floors);
		n += 1 + floors + aboveGround * Math.max(0, u.roomsPerFloor);
	}
	return n;
}

/** How many places `listPlaces` makes, counted without making them. */
export function countPlaces(buildings: readonly BuildingPlaces[]): number {
	return buildings.reduce((n, b) => n + countBuildingPlaces(b), 0);
}

/**
 * Every place of the buildings, parents before children, in building, unit, floor, room order.
 * Throws a RangeError past MAX_PLACES_PER_SITE, before making any: the bundle check refuses such
 * a bundle with a line to fix, so only a caller that skipped it gets here.
 */
export function listPlaces(buildings: readonly BuildingPlaces[]): Place[] {
	const count = countPlaces(buildings);
	if (count > MAX_PLACES_PER_SITE) throw new RangeError(`${count} places, more than the ${MAX_PLACES_PER_SITE} a site may have`);
	const places: Place[] = [];
	for (const b of buildings) {
		places.push({ id: b.building, kind: 'building', parent: null, building: b.building, unit: null, floor: null, room: null });
		for (const u of b.units) {
			const unitId = `${b.building}-${u.id}`;
			places.push({ id: unitId, kind: 'unit', parent: b.building, building: b.building, unit: u.id, floor: null, room: null });
			for (const floor of listFloors(u.floors)) {
				const floorId = `${unitId}-${formatFloor(floor)}`;
				places.push({ id: floorId, kind: 'floor', parent: unitId, building: b.building, unit: u.id, floor, room: null });
				if (floor < 0) continue;
				for (let r = 1; r <= u.roomsPerFloor; r++) {
					const room = roomNumber(floor, r);
					places.push({ id: `${unitId}-${room}`, kind: 'room', parent: floorId, building: b.building, unit: u.id, floor, room });
				}
			}
		}
	}
	return places;
}
