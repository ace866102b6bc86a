import type { AlarmPointFeature, AlarmType, CheckpointFeature, LocalizedName, PatrolRouteFeature } from '$lib/domain/site/model';
import { GATES, TOWERS, name, toLngLat, type TowerLayout } from './estate-plan';

/**
 * The demo estate's checkpoints, patrol routes and alarm points, on the local grid of
 * `estate-plan.ts`. Every checkpoint lies on exactly one route.
 */

interface CheckpointSpec {
	id: string;
	x: number;
	y: number;
	name: LocalizedName;
	building?: string;
	floor?: number;
}

function towerCheckpoint(t: TowerLayout): CheckpointSpec {
	// The lobby is just inside the south face.
	return { id: `CP-${t.id}`, x: t.x, y: t.y - 5, name: name(`${t.n}栋大堂`, `${t.n}棟大堂`, `Tower ${t.n} lobby`), building: t.id, floor: 1 };
}

const gateCheckpoints: Record<string, CheckpointSpec> = Object.fromEntries(
	GATES.map((g) => {
		// The guard booth stands a few metres inside the gate.
		const x = g.x === 200 ? 195 : g.x + 4;
		const y = g.y === 150 ? 145 : g.y === -150 ? -145 : g.y + 4;
		return [g.id, { id: `CP-${g.id}`, x, y, name: name(`${g.name['zh-CN']}岗亭`, `${g.name['zh-TW']}崗亭`, `${g.name.en} booth`) }];
	})
);

function fence(n: number, x: number, y: number): CheckpointSpec {
	const id = `F${String(n).padStart(2, '0')}`;
	return { id: `CP-${id}`, x, y, name: name(`围墙 ${id}`, `圍牆 ${id}`, `Perimeter fence ${id}`) };
}

function garageLevel(garage: 'P1' | 'P2', n: number, x: number, y: number): CheckpointSpec {
	const floor = n <= 2 ? -1 : -2;
	const level = `B${-floor}`;
	const no = String(n).padStart(2, '0');
	return {
		id: `CP-${garage}-${no}`,
		x,
		y,
		name: name(`${garage} ${level} 巡更点 ${no}`, `${garage} ${level} 巡更點 ${no}`, `${garage} ${level} checkpoint ${no}`),
		building: garage,
		floor
	};
}

const tower = (n: number) => towerCheckpoint(TOWERS[n - 1]);

interface RouteSpec {
	id: string;
	name: LocalizedName;
	intervalMinutes: number;
	/** Local time of the day's first round; staggered so that some round is always open (a fresh demo shows one at once). */
	from?: string;
	device: string;
	stops: CheckpointSpec[];
}

/** The four patrol routes, each listing its checkpoints in walking order. */
const ROUTES: RouteSpec[] = [
	{
		id: 'R-PERIMETER',
		name: name('周界巡逻', '周界巡邏', 'Perimeter patrol'),
		intervalMinutes: 120,
		device: 'HH-01',
		stops: [
			gateCheckpoints.G1,
			fence(1, 80, 146),
			fence(2, 165, 143),
			fence(3, 196, 80),
			fence(4, 196, 25),
			gateCheckpoints.G2,
			fence(5, 196, -80),
			fence(6, 190, -146),
			fence(7, 100, -146),
			fence(8, 20, -146),
			gateCheckpoints.G3,
			fence(9, -120, -146),
			fence(10, -196, -140),
			fence(11, -196, 0),
			fence(12, -196, 140)
		]
	},
	{
		id: 'R-TOWERS-A',
		name: name('楼栋巡逻 A（北区）', '樓棟巡邏 A（北區）', 'Towers patrol A (north)'),
		intervalMinutes: 60,
		device: 'HH-02',
		stops: [
			tower(5),
			tower(1),
			tower(2),
			{ id: 'CP-OFFICE', x: -35, y: 75, name: name('物业服务中心', '物業服務中心', 'Property office') },
			{ id: 'CP-FCC', x: -52, y: 68, name: name('消防控制室', '消防控制室', 'Fire control room'), floor: 1 },
			{ id: 'CP-CLUB', x: 42, y: 75, name: name('会所', '會所', 'Clubhouse') },
			tower(3),
			tower(4)
		]
	},
	{
		id: 'R-TOWERS-B',
		name: name('楼栋巡逻 B（南区）', '樓棟巡邏 B（南區）', 'Towers patrol B (south)'),
		intervalMinutes: 60,
		from: '00:20',
		device: 'HH-03',
		stops: [
			tower(6),
			tower(10),
			tower(9),
			{ id: 'CP-KINDERGARTEN', x: 45, y: -100, name: name('幼儿园', '幼兒園', 'Kindergarten') },
			{ id: 'CP-POWER', x: -10, y: -110, name: name('配电房', '配電房', 'Power room') },
			tower(8),
			tower(7),
			{ id: 'CP-GARDEN', x: 0, y: 0, name: name('中心花园', '中心花園', 'Central garden') }
		]
	},
	{
		id: 'R-GARAGES',
		name: name('车库巡逻', '車庫巡邏', 'Garages patrol'),
		intervalMinutes: 60,
		from: '00:40',
		device: 'HH-04',
		stops: [
			garageLevel('P1', 1, -170, 50),
			garageLevel('P1', 2, -80, 50),
			garageLevel('P1', 3, -80, 105),
			garageLevel('P1', 4, -170, 105),
			{ id: 'CP-PUMP', x: -178, y: 80, name: name('水泵房', '水泵房', 'Pump room'), building: 'P1', floor: -2 },
			garageLevel('P2', 1, 80, -50),
			garageLevel('P2', 2, 170, -50),
			garageLevel('P2', 3, 170, -105),
			garageLevel('P2', 4, 80, -105)
		]
	}
];

export function buildCheckpoints(): CheckpointFeature[] {
	return ROUTES.flatMap((r) => r.stops).map((c) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: toLngLat(c.x, c.y) },
		properties: {
			kind: 'checkpoint',
			id: c.id,
			name: c.name,
			...(c.building !== undefined && { building: c.building }),
			...(c.floor !== undefined && { floor: c.floor })
		}
	}));
}

export function buildPatrolRoutes(): PatrolRouteFeature[] {
	return ROUTES.map((r) => ({
		type: 'Feature',
		geometry: { type: 'LineString', coordinates: r.stops.map((c) => toLngLat(c.x, c.y)) },
		properties: {
			kind: 'patrol_route',
			id: r.id,
			name: r.name,
			checkpoints: r.stops.map((c) => c.id),
			intervalMinutes: r.intervalMinutes,
			device: r.device,
			...(r.from !== undefined && { from: r.from })
		}
	}));
}

interface PointSpec {
	id: string;
	device: string;
	type: AlarmType;
	zone: string;
	x: number;
	y: number;
	name: LocalizedName;
	building?: string;
	floor?: number;
}

/** Per tower: two smoke detectors and a manual call point on the fire panel, a lobby door, an elevator. */
function towerPoints(t: TowerLayout): PointSpec[] {
	// Fire panel loop 1 serves towers 1–5, loop 2 towers 6–10; three addresses per tower.
	const loop = t.n <= 5 ? 1 : 2;
	const address = (k: number) => loop * 100 + ((t.n - 1) % 5) * 3 + k;
	// dx, dy: metres from the footprint's centre; the lobby is on the south side.
	const at = (dx: number, dy: number, zone: string, floor: number | undefined, what: LocalizedName) => ({
		x: t.x + dx,
		y: t.y + dy,
		zone: `B${t.n}-${zone}`,
		building: t.id,
		...(floor !== undefined && { floor }),
		name: name(`${t.n}栋 ${what['zh-CN']}`, `${t.n}棟 ${what['zh-TW']}`, `Tower ${t.n} ${what.en}`)
	});
	const top = t.floors;
	return [
		{ id: `loop${loop}/det-${address(1)}`, device: 'FAP-1', type: 'smoke', ...at(-8, 2, '2F', 2, name('2F 烟感', '2F 煙感', '2F smoke detector')) },
		{ id: `loop${loop}/det-${address(2)}`, device: 'FAP-1', type: 'smoke', ...at(8, 2, `${top}F`, top, name(`${top}F 烟感`, `${top}F 煙感`, `${top}F smoke detector`)) },
		{ id: `loop${loop}/mcp-${address(3)}`, device: 'FAP-1', type: 'fire', ...at(-12, -4, '1F', 1, name('1F 手动报警按钮', '1F 手動報警按鈕', '1F manual call point')) },
		{ id: `door/${t.id}-lobby`, device: 'ACS-1', type: 'door_forced', ...at(0, -7, '1F', 1, name('大堂门', '大堂門', 'lobby door')) },
		{ id: `elv/${t.id}-L1`, device: 'ELV-1', type: 'elevator_entrapment', ...at(0, 1, 'ELV', undefined, name('1号电梯', '1號電梯', 'lift 1')) }
	];
}

/** Panic buttons at the gate booths, garage lift lobbies, leak sensors, the mains and the clubhouse kitchen. */
function sitePoints(): PointSpec[] {
	const panic: PointSpec[] = GATES.map((g) => {
		const booth = gateCheckpoints[g.id];
		const n = g.name;
		return { id: `panic/${g.id}`, device: 'ACS-1', type: 'panic', zone: g.id, x: booth.x + 1, y: booth.y - 1, name: name(`${n['zh-CN']}紧急按钮`, `${n['zh-TW']}緊急按鈕`, `${n.en} panic button`) };
	});
	return [
		...panic,
		{ id: 'door/P1-B1-lift', device: 'ACS-1', type: 'door_held', zone: 'P1-B1', x: -125, y: 50, building: 'P1', floor: -1, name: name('P1 B1 电梯厅门', 'P1 B1 電梯廳門', 'P1 B1 lift lobby door') },
		{ id: 'door/P2-B1-lift', device: 'ACS-1', type: 'door_held', zone: 'P2-B1', x: 125, y: -50, building: 'P2', floor: -1, name: name('P2 B1 电梯厅门', 'P2 B1 電梯廳門', 'P2 B1 lift lobby door') },
		{ id: 'leak/pump-room', device: 'LEAK-1', type: 'water_leak', zone: 'P1-B2', x: -176, y: 84, building: 'P1', floor: -2, name: name('水泵房漏水', '水泵房漏水', 'Pump room leak sensor') },
		{ id: 'leak/P1-B2', device: 'LEAK-1', type: 'water_leak', zone: 'P1-B2', x: -120, y: 100, building: 'P1', floor: -2, name: name('P1 B2 集水坑', 'P1 B2 集水坑', 'P1 B2 sump leak sensor') },
		{ id: 'leak/P2-B2', device: 'LEAK-1', type: 'water_leak', zone: 'P2-B2', x: 125, y: -100, building: 'P2', floor: -2, name: name('P2 B2 集水坑', 'P2 B2 集水坑', 'P2 B2 sump leak sensor') },
		{ id: 'pwr/main-incomer', device: 'PWR-1', type: 'power_failure', zone: 'POWER', x: -8, y: -112, name: name('配电房市电进线', '配電房市電進線', 'Power room mains incomer') },
		{ id: 'loop3/gas-301', device: 'FAP-1', type: 'gas', zone: 'CLUB-1F', x: 50, y: 68, floor: 1, name: name('会所厨房燃气探测器', '會所廚房燃氣探測器', 'Clubhouse kitchen gas detector') }
	];
}

export function buildAlarmPoints(): AlarmPointFeature[] {
	return [...TOWERS.flatMap(towerPoints), ...sitePoints()].map((p) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: toLngLat(p.x, p.y) },
		properties: {
			kind: 'alarm_point',
			id: p.id,
			name: p.name,
			device: p.device,
			type: p.type,
			zone: p.zone,
			...(p.building !== undefined && { building: p.building }),
			...(p.floor !== undefined && { floor: p.floor })
		}
	}));
}
