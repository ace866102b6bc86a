import { getBounds, listPositions, type FloorPlan, type SiteBundle } from '../model';

/**
 * A site travels as one bundle of two files: `site.json` (the site, its devices, guards, places
 * and floor plans) and `plan.geojson` (its plan, a GeoJSON FeatureCollection any GIS tool opens).
 * Shared by browser and server, no I/O.
 */

export const BUNDLE_FORMAT = 'shouwang-site/1';
export const SITE_FILE = 'site.json';
export const PLAN_FILE = 'plan.geojson';
export type BundleFileName = typeof SITE_FILE | typeof PLAN_FILE;

/** The two files' text, as read from disk or an upload. */
export interface BundleFiles {
	site: string;
	plan: string;
}

/** One thing wrong with a bundle, placed so a person can go straight to it. */
export interface BundleProblem {
	file: BundleFileName;
	/** 1-based, as editors count. */
	line: number;
	column: number;
	/** The plan feature concerned, when the problem is in one. */
	feature: { index: number; kind: string | null; id: string | null } | null;
	/** Where inside the file, or inside the feature: `properties.floors`, `devices[2].kind`. */
	field: string;
	message: string;
}

/** Problems beyond this many are not listed: the first ones are what a person fixes first. */
export const MAX_BUNDLE_PROBLEMS = 100;

/** `plan.geojson:12:7 building "T1" (feature 5) properties.floors: must be …`, for logs and the command line. */
export function formatBundleProblem(p: BundleProblem): string {
	const feature = p.feature ? ` ${p.feature.kind ?? 'feature'}${p.feature.id ? ` "${p.feature.id}"` : ''} (feature ${p.feature.index})` : '';
	return `${p.file}:${p.line}:${p.column}${feature} ${p.field || '(file)'}: ${p.message}`;
}

/**
 * The bundle's canonical text: two-space JSON in a fixed key order, so an export imported and
 * exported again is byte for byte the same, and a diff of two exports shows what changed.
 */
export function writeBundleFiles(bundle: SiteBundle): BundleFiles {
	const { site, devices, guards, places = [], floorPlans = [] } = bundle;
	const siteFile = {
		format: BUNDLE_FORMAT,
		site: { id: site.id, name: site.name, address: site.address, timeZone: site.timeZone, center: site.center },
		// By id: the database keeps no order of devices, and an export must read the same twice.
		devices: [...devices].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((d) => ({ id: d.id, kind: d.kind, name: d.name })),
		guards: guards.map((g) => ({ id: g.id, name: g.name })),
		places: places.map((b) => ({ building: b.building, units: b.units.map((u) => ({ id: u.id, floors: u.floors, roomsPerFloor: u.roomsPerFloor })) })),
		floorPlans: floorPlans.map((f) => ({ building: f.building, floor: f.floor, image: f.image, bounds: f.bounds }))
	};
	const plan = {
		type: 'FeatureCollection',
		features: bundle.plan.features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties }))
	};
	return { site: JSON.stringify(siteFile, null, 2) + '\n', plan: JSON.stringify(plan, null, 2) + '\n' };
}

/** A floor-plan image's largest size: it travels base64-encoded in a form under the host's 512 KB body limit. */
export const FLOOR_PLAN_MAX_BYTES = 360 * 1024;
export const FLOOR_PLAN_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/svg+xml'] as const;

/**
 * The bundle with one floor's plan set (replacing that floor's) or, with `image` null, removed.
 * Without corners the image covers its building's footprint, which is what a drawing of a floor is.
 */
export function withFloorPlan(bundle: SiteBundle, building: string, floor: number, image: string | null, bounds?: FloorPlan['bounds']): SiteBundle {
	const others = (bundle.floorPlans ?? []).filter((f) => !(f.building === building && f.floor === floor));
	if (image === null) return { ...bundle, floorPlans: others };
	const footprint = bundle.plan.features.find((f) => (f.properties.kind === 'building' || f.properties.kind === 'garage') && f.properties.id === building);
	const box = footprint ? getBounds(listPositions(footprint.geometry)) : undefined;
	const corners = bounds ?? (box ? ([[box.west, box.south], [box.east, box.north]] as FloorPlan['bounds']) : undefined);
	if (!corners) throw new Error(`no building or garage ${building} in the plan`);
	const plans = [...others, { building, floor, image, bounds: corners }];
	plans.sort((a, b) => (a.building < b.building ? -1 : a.building > b.building ? 1 : a.floor - b.floor));
	return { ...bundle, floorPlans: plans };
}
