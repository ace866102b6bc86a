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

/** Every place of the buildings, parents before children, in building, unit, floor, room order. */
export function listPlaces(buildings: readonly BuildingPlaces[]): Place[] {
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
