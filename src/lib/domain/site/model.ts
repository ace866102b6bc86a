/**
 * A site bundle: the descriptive data of one estate (names, devices, guards and its plan as
 * GeoJSON). Shared by browser and server, no I/O. Positions are WGS-84 `[lng, lat]`.
 */
import type { BuildingPlaces } from './places';

/** WGS-84 longitude, latitude (GeoJSON order). */
export type LngLat = [number, number];

export const LOCALES = ['zh-CN', 'zh-TW', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export type LocalizedName = { 'zh-CN': string; 'zh-TW': string; en: string };

export const ALARM_TYPES = [
	'fire',
	'smoke',
	'intrusion',
	'door_forced',
	'door_held',
	'elevator_entrapment',
	'water_leak',
	'power_failure',
	'gas',
	'panic',
	'equipment_fault',
	'other'
] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

/** Most urgent first. */
export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const SCAN_METHODS = ['nfc', 'qr', 'manual'] as const;
export type ScanMethod = (typeof SCAN_METHODS)[number];

export const DEVICE_KINDS = [
	'fire_panel',
	'access_controller',
	'elevator_monitor',
	'leak_sensor_gateway',
	'power_monitor',
	'guard_handheld',
	'gateway'
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

export const PLAN_FEATURE_KINDS = [
	'boundary',
	'building',
	'gate',
	'garage',
	'road',
	'zone',
	'checkpoint',
	'alarm_point',
	'patrol_route'
] as const;
export type PlanFeatureKind = (typeof PLAN_FEATURE_KINDS)[number];

export interface PointGeometry {
	type: 'Point';
	coordinates: LngLat;
}
export interface LineStringGeometry {
	type: 'LineString';
	coordinates: LngLat[];
}
/** Rings are closed (first position repeated last); the first ring is the outer one. */
export interface PolygonGeometry {
	type: 'Polygon';
	coordinates: LngLat[][];
}
export type PlanGeometry = PointGeometry | LineStringGeometry | PolygonGeometry;

interface FeatureOf<K extends PlanFeatureKind, G extends PlanGeometry, P = unknown> {
	type: 'Feature';
	geometry: G;
	/** `id` is unique among the site's features of the same kind. */
	properties: { kind: K; id: string; name: LocalizedName } & P;
}

export type BoundaryFeature = FeatureOf<'boundary', PolygonGeometry>;
export type BuildingFeature = FeatureOf<'building', PolygonGeometry, { floors: number; units: number }>;
export type GateFeature = FeatureOf<'gate', PointGeometry, { vehicles?: boolean }>;
/** `levels` counts underground levels (B1, B2, …). */
export type GarageFeature = FeatureOf<'garage', PolygonGeometry, { levels: number }>;
export type RoadFeature = FeatureOf<'road', LineStringGeometry>;
export type ZoneFeature = FeatureOf<'zone', PolygonGeometry>;
/** `building` is a building's or garage's feature id; `floor` is negative underground. */
export type CheckpointFeature = FeatureOf<'checkpoint', PointGeometry, { building?: string; floor?: number }>;
/** A detector, call point, door or sensor; `device` is the device that reports it. */
export type AlarmPointFeature = FeatureOf<
	'alarm_point',
	PointGeometry,
	{
		device: string;
		type: AlarmType;
		zone: string;
		building?: string;
		floor?: number;
		/** A camera's live view or snapshot of the point (http or https), opened by a procedure's "confirm" step. */
		camera?: string;
	}
>;
/**
 * The geometry passes through `checkpoints` in walking order; a round starts every
 * `intervalMinutes` from `from` to `to`. `device` is the handheld usually carried on it. An
 * import defines the route and its schedule under the feature's id (`routesOfBundle`).
 */
export type PatrolRouteFeature = FeatureOf<
	'patrol_route',
	LineStringGeometry,
	{
		checkpoints: string[];
		intervalMinutes: number;
		device?: string;
		/** Strict order or any order (default). */
		mode?: 'strict' | 'any_order';
		/** The daily span rounds start in, local `HH:MM` (default all day). */
		from?: string;
		to?: string;
		/** ± minutes around each checkpoint's expected time (default 5). */
		toleranceMinutes?: number;
		/** The lone-worker limit (default: see `silenceMinutesOf`). */
		silenceMinutes?: number;
	}
>;

export type PlanFeature =
	| BoundaryFeature
	| BuildingFeature
	| GateFeature
	| GarageFeature
	| RoadFeature
	| ZoneFeature
	| CheckpointFeature
	| AlarmPointFeature
	| PatrolRouteFeature;

export type PlanFeatureOf<K extends PlanFeatureKind> = Extract<PlanFeature, { properties: { kind: K } }>;

export interface SitePlan {
	type: 'FeatureCollection';
	features: PlanFeature[];
}

export interface SiteDevice {
	id: string;
	kind: DeviceKind;
	name: LocalizedName;
}

export interface SiteGuard {
	id: string;
	name: LocalizedName;
}

/**
 * A floor's plan drawn as an image over its building. `building` is a building's or garage's
 * feature id; `floor` is negative underground, as on checkpoints and alarm points.
 */
export interface FloorPlan {
	building: string;
	floor: number;
	/** A same-origin path or a `data:` URL: the map makes no outside request. */
	image: string;
	/** South-west and north-east corners, WGS-84. */
	bounds: [LngLat, LngLat];
}

/** Guards' names by id, for lookups. */
export function indexGuardNames(guards: readonly SiteGuard[]): Record<string, LocalizedName> {
	return Object.fromEntries(guards.map((g) => [g.id, g.name]));
}

export interface SiteBundle {
	site: { id: string; name: LocalizedName; address: LocalizedName; timeZone: string; center: LngLat };
	devices: SiteDevice[];
	guards: SiteGuard[];
	/** Building → unit → floor → room (see site-places.ts); none when left out. */
	places?: BuildingPlaces[];
	floorPlans?: FloorPlan[];
	plan: SitePlan;
}

/** The plan's features of one kind, in plan order. */
export function listFeatures<K extends PlanFeatureKind>(bundle: Pick<SiteBundle, 'plan'>, kind: K): PlanFeatureOf<K>[] {
	return bundle.plan.features.filter((f): f is PlanFeatureOf<K> => f.properties.kind === kind);
}

/** One feature by kind and id, or undefined. */
export function findFeature<K extends PlanFeatureKind>(
	bundle: Pick<SiteBundle, 'plan'>,
	kind: K,
	id: string
): PlanFeatureOf<K> | undefined {
	return listFeatures(bundle, kind).find((f) => f.properties.id === id);
}

/** Every position of a geometry, flattened. */
export function listPositions(geometry: PlanGeometry): LngLat[] {
	switch (geometry.type) {
		case 'Point':
			return [geometry.coordinates];
		case 'LineString':
			return geometry.coordinates;
		case 'Polygon':
			return geometry.coordinates.flat();
	}
}

export interface Bounds {
	west: number;
	south: number;
	east: number;
	north: number;
}

/** The smallest lng/lat box holding every position; undefined for no positions. */
export function getBounds(positions: readonly LngLat[]): Bounds | undefined {
	if (positions.length === 0) return undefined;
	const b: Bounds = { west: Infinity, south: Infinity, east: -Infinity, north: -Infinity };
	for (const [lng, lat] of positions) {
		b.west = Math.min(b.west, lng);
		b.east = Math.max(b.east, lng);
		b.south = Math.min(b.south, lat);
		b.north = Math.max(b.north, lat);
	}
	return b;
}

/** Whether a position lies in a box (edges included). */
export function isInBounds([lng, lat]: LngLat, b: Bounds): boolean {
	return lng >= b.west && lng <= b.east && lat >= b.south && lat <= b.north;
}

/**
 * Whether a position lies inside a polygon's outer ring minus its holes (ray casting; a
 * position exactly on an edge may go either way). Planar: fine at the scale of a site.
 */
export function isInPolygon(position: LngLat, polygon: PolygonGeometry): boolean {
	const [outer, ...holes] = polygon.coordinates;
	if (!outer || !isInRing(position, outer)) return false;
	return !holes.some((hole) => isInRing(position, hole));
}

function isInRing([x, y]: LngLat, ring: readonly LngLat[]): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}
