import type { SiteBundle, SiteDevice, SiteGuard } from '$lib/domain/site/model';
import type { BuildingPlaces } from '$lib/domain/site/places';
import { buildFloorPlans } from './estate-floor-plans';
import { ESTATE_CENTER, TOWERS, buildGroundPlan, name } from './estate-plan';
import { buildAlarmPoints, buildCheckpoints, buildPatrolRoutes } from './estate-points';

/**
 * 翠湖花园 (Cuihu Garden): the demo estate, a fictional high-rise residential estate in
 * Hangzhou's Xihu district, 400 m × 300 m, with ten towers, three gates, two underground
 * garages, 40 checkpoints on four patrol routes and 60 alarm points.
 */

const DEVICES: SiteDevice[] = [
	{ id: 'FAP-1', kind: 'fire_panel', name: name('消防报警主机', '消防報警主機', 'Fire alarm panel') },
	{ id: 'ACS-1', kind: 'access_controller', name: name('门禁控制器', '門禁控制器', 'Access controller') },
	{ id: 'ELV-1', kind: 'elevator_monitor', name: name('电梯监控主机', '電梯監控主機', 'Elevator monitor') },
	{ id: 'LEAK-1', kind: 'leak_sensor_gateway', name: name('漏水监测网关', '漏水監測閘道', 'Leak sensor gateway') },
	{ id: 'PWR-1', kind: 'power_monitor', name: name('电力监测仪', '電力監測儀', 'Power monitor') },
	...[1, 2, 3, 4].map(
		(n): SiteDevice => ({
			id: `HH-0${n}`,
			kind: 'guard_handheld',
			name: name(`巡更手持机 ${n}`, `巡更手持機 ${n}`, `Patrol handheld ${n}`)
		})
	)
];

const GUARDS: SiteGuard[] = (
	[
		['王建国', '王建國', 'Wang Jianguo'],
		['李志强', '李志強', 'Li Zhiqiang'],
		['张伟', '張偉', 'Zhang Wei'],
		['刘洋', '劉洋', 'Liu Yang'],
		['陈磊', '陳磊', 'Chen Lei'],
		['杨勇', '楊勇', 'Yang Yong'],
		['赵军', '趙軍', 'Zhao Jun'],
		['黄海涛', '黃海濤', 'Huang Haitao']
	] as const
).map(([zhCN, zhTW, en], i) => ({ id: `G-${String(i + 1).padStart(3, '0')}`, name: name(zhCN, zhTW, en) }));

/** Every tower's units, floor 1 to the top, two flats per floor (一梯两户). */
const PLACES: BuildingPlaces[] = TOWERS.map((t) => ({
	building: t.id,
	units: Array.from({ length: t.units }, (_, i) => ({ id: String(i + 1), floors: [1, t.floors] as [number, number], roomsPerFloor: 2 }))
}));

/** Builds the bundle afresh (a deep copy, nothing shared); the same every time. */
export function buildDemoEstate(): SiteBundle {
	return structuredClone({
		site: {
			id: 'demo-estate',
			name: name('翠湖花园', '翠湖花園', 'Cuihu Garden'),
			address: name(
				'浙江省杭州市西湖区翠湖路 88 号',
				'浙江省杭州市西湖區翠湖路 88 號',
				'88 Cuihu Road, Xihu District, Hangzhou, Zhejiang'
			),
			timeZone: 'Asia/Shanghai',
			center: ESTATE_CENTER
		},
		devices: DEVICES,
		guards: GUARDS,
		places: PLACES,
		plan: {
			type: 'FeatureCollection',
			features: [...buildGroundPlan(), ...buildCheckpoints(), ...buildPatrolRoutes(), ...buildAlarmPoints()]
		},
		floorPlans: buildFloorPlans()
	} satisfies SiteBundle);
}

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const v of Object.values(value)) deepFreeze(v);
	}
	return value;
}

/** The demo estate, frozen: shared by the seed and the simulator, so nobody may change it. */
export const demoEstate: SiteBundle = deepFreeze(buildDemoEstate());
