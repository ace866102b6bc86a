import type { BoundaryFeature, BuildingFeature, GarageFeature, GateFeature, LngLat, LocalizedName, PlanFeature, RoadFeature, ZoneFeature } from '$lib/domain/site/model';

/**
 * The demo estate's ground plan, drawn in metres on a local grid (x east, y north) around
 * the estate's centre and projected to WGS-84. The estate spans 400 m × 300 m:
 * x ∈ [-200, 200], y ∈ [-150, 150].
 */

export const ESTATE_CENTER: LngLat = [120.1472, 30.2836];

const METRES_PER_DEGREE_LAT = 110_950;
const METRES_PER_DEGREE_LNG = 111_320 * Math.cos((ESTATE_CENTER[1] * Math.PI) / 180);

/** A local grid position in metres to WGS-84, rounded to 1e-7° (about 1 cm). */
export function toLngLat(x: number, y: number): LngLat {
	const round = (v: number) => Math.round(v * 1e7) / 1e7;
	return [round(ESTATE_CENTER[0] + x / METRES_PER_DEGREE_LNG), round(ESTATE_CENTER[1] + y / METRES_PER_DEGREE_LAT)];
}

export function name(zhCN: string, zhTW: string, en: string): LocalizedName {
	return { 'zh-CN': zhCN, 'zh-TW': zhTW, en };
}

/** A closed ring through local grid positions. */
function ring(points: [number, number][]): LngLat[] {
	const closed = [...points, points[0]];
	return closed.map(([x, y]) => toLngLat(x, y));
}

/** An axis-aligned rectangle as a closed ring, counter-clockwise. */
function rect(cx: number, cy: number, width: number, depth: number): LngLat[] {
	const [w, d] = [width / 2, depth / 2];
	return ring([
		[cx - w, cy - d],
		[cx + w, cy - d],
		[cx + w, cy + d],
		[cx - w, cy + d]
	]);
}

export interface TowerLayout {
	n: number;
	id: string;
	/** Centre of the footprint on the local grid; the lobby faces south. */
	x: number;
	y: number;
	floors: number;
	units: number;
}

export const TOWER_WIDTH = 32;
export const TOWER_DEPTH = 16;

/** Ten high-rise towers: four on the north row, one each side of the garden, four on the south row. */
export const TOWERS: TowerLayout[] = (
	[
		[-150, 85, 26, 2],
		[-95, 85, 26, 2],
		[95, 85, 32, 2],
		[150, 85, 32, 2],
		[-150, 20, 18, 3],
		[150, 20, 18, 3],
		[-150, -70, 26, 2],
		[-95, -70, 26, 2],
		[95, -70, 32, 2],
		[150, -70, 32, 2]
	] as const
).map(([x, y, floors, units], i) => ({ n: i + 1, id: `B${String(i + 1).padStart(2, '0')}`, x, y, floors, units }));

export interface GateLayout {
	id: string;
	x: number;
	y: number;
	name: LocalizedName;
	vehicles: boolean;
}

export const GATES: GateLayout[] = [
	{ id: 'G1', x: 0, y: 150, name: name('北门（主入口）', '北門（主入口）', 'North Gate (Main)'), vehicles: true },
	{ id: 'G2', x: 200, y: -15, name: name('东门', '東門', 'East Gate'), vehicles: true },
	{ id: 'G3', x: -40, y: -150, name: name('南门（人行）', '南門（人行）', 'South Pedestrian Gate'), vehicles: false }
];

/** Underground garages: local rectangles (x0, y0, x1, y1) under the north-west and south-east towers. */
export const GARAGES = [
	{ id: 'P1', box: [-185, 40, -65, 115], name: name('一号地下车库', '一號地下車庫', 'Underground Garage P1') },
	{ id: 'P2', box: [65, -115, 185, -40], name: name('二号地下车库', '二號地下車庫', 'Underground Garage P2') }
] as const;

export const ZONES = [
	{ id: 'CLUB', box: [25, 60, 60, 100], name: name('会所', '會所', 'Clubhouse') },
	{ id: 'OFFICE', box: [-60, 60, -25, 100], name: name('物业服务中心', '物業服務中心', 'Property Office') },
	{ id: 'GARDEN', box: [-50, -40, 50, 40], name: name('中心花园', '中心花園', 'Central Garden') },
	{ id: 'KINDERGARTEN', box: [20, -120, 70, -90], name: name('幼儿园', '幼兒園', 'Kindergarten') }
] as const;

function boxRing([x0, y0, x1, y1]: readonly number[]): LngLat[] {
	return rect((x0 + x1) / 2, (y0 + y1) / 2, x1 - x0, y1 - y0);
}

function buildBoundary(): BoundaryFeature {
	return {
		type: 'Feature',
		// The north-east corner is cut where the estate meets a road junction.
		geometry: {
			type: 'Polygon',
			coordinates: [
				ring([
					[-200, -150],
					[200, -150],
					[200, 120],
					[170, 150],
					[-200, 150]
				])
			]
		},
		properties: { kind: 'boundary', id: 'boundary', name: name('小区红线', '社區紅線', 'Estate boundary') }
	};
}

function buildTower(t: TowerLayout): BuildingFeature {
	return {
		type: 'Feature',
		geometry: { type: 'Polygon', coordinates: [rect(t.x, t.y, TOWER_WIDTH, TOWER_DEPTH)] },
		properties: {
			kind: 'building',
			id: t.id,
			name: name(`${t.n}栋`, `${t.n}棟`, `Tower ${t.n}`),
			floors: t.floors,
			units: t.units
		}
	};
}

function buildRoads(): RoadFeature[] {
	const roads: [string, LocalizedName, [number, number][]][] = [
		[
			'ring-road',
			name('环区路', '環區路', 'Ring Road'),
			[
				[-180, 130],
				[180, 130],
				[180, -130],
				[-180, -130],
				[-180, 130]
			]
		],
		['main-avenue', name('主干道', '主幹道', 'Main Avenue'), [[0, 150], [0, 40]]],
		['east-road', name('东环路', '東環路', 'East Road'), [[200, -15], [50, -15]]],
		['west-road', name('西环路', '西環路', 'West Road'), [[-180, -15], [-50, -15]]],
		['south-walk', name('南步道', '南步道', 'South Walk'), [[-40, -150], [-40, -40]]]
	];
	return roads.map(([id, roadName, points]) => ({
		type: 'Feature',
		geometry: { type: 'LineString', coordinates: points.map(([x, y]) => toLngLat(x, y)) },
		properties: { kind: 'road', id, name: roadName }
	}));
}

/** Boundary, buildings, gates, garages, roads and zones: everything but checkpoints, alarm points and routes. */
export function buildGroundPlan(): PlanFeature[] {
	const gates: GateFeature[] = GATES.map((g) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: toLngLat(g.x, g.y) },
		properties: { kind: 'gate', id: g.id, name: g.name, vehicles: g.vehicles }
	}));
	const garages: GarageFeature[] = GARAGES.map((g) => ({
		type: 'Feature',
		geometry: { type: 'Polygon', coordinates: [boxRing(g.box)] },
		properties: { kind: 'garage', id: g.id, name: g.name, levels: 2 }
	}));
	const zones: ZoneFeature[] = ZONES.map((z) => ({
		type: 'Feature',
		geometry: { type: 'Polygon', coordinates: [boxRing(z.box)] },
		properties: { kind: 'zone', id: z.id, name: z.name }
	}));
	return [buildBoundary(), ...buildRoads(), ...zones, ...garages, ...TOWERS.map(buildTower), ...gates];
}
