import { describe, expect, it } from 'vitest';
import { ID_PATTERN } from '$lib/domain/device/message';
import { ALARM_TYPES, LOCALES, getBounds, isInBounds, isInPolygon, listFeatures, listPositions, type LocalizedName, type PlanFeatureKind } from '$lib/domain/site/model';
import { buildDemoEstate, demoEstate } from './estate';

const bundle = demoEstate;
const ids = (kind: PlanFeatureKind) => listFeatures(bundle, kind).map((f) => f.properties.id);
const boundary = listFeatures(bundle, 'boundary')[0];
const bounds = getBounds(listPositions(boundary.geometry))!;

function expectUnique(values: string[]) {
	expect(values.filter((v, i) => values.indexOf(v) !== i)).toEqual([]);
}

describe('demo estate: contents', () => {
	it('has the expected number of each feature', () => {
		expect(listFeatures(bundle, 'boundary')).toHaveLength(1);
		expect(listFeatures(bundle, 'building').length).toBeGreaterThanOrEqual(10);
		expect(listFeatures(bundle, 'gate')).toHaveLength(3);
		expect(listFeatures(bundle, 'garage')).toHaveLength(2);
		expect(listFeatures(bundle, 'checkpoint')).toHaveLength(40);
		expect(listFeatures(bundle, 'patrol_route')).toHaveLength(4);
		expect(listFeatures(bundle, 'alarm_point')).toHaveLength(60);
		expect(listFeatures(bundle, 'road').length).toBeGreaterThan(0);
		expect(ids('zone')).toEqual(expect.arrayContaining(['CLUB', 'OFFICE', 'GARDEN', 'KINDERGARTEN']));
		expect(bundle.guards).toHaveLength(8);
		expect(bundle.devices.filter((d) => d.kind === 'guard_handheld')).toHaveLength(4);
	});

	it('describes high-rise towers with floors and units', () => {
		for (const b of listFeatures(bundle, 'building')) {
			expect(b.properties.floors).toBeGreaterThanOrEqual(10);
			expect(b.properties.units).toBeGreaterThanOrEqual(1);
		}
	});

	it('is the demo site in Hangzhou, and building it twice gives the same bundle', () => {
		expect(bundle.site.id).toBe('demo-estate');
		expect(bundle.site.timeZone).toBe('Asia/Shanghai');
		const [lng, lat] = bundle.site.center;
		expect(Math.abs(lng - 120.15)).toBeLessThan(0.05);
		expect(Math.abs(lat - 30.28)).toBeLessThan(0.05);
		expect(buildDemoEstate()).toEqual(bundle);
	});
});

describe('demo estate: ids', () => {
	it('has unique ids per kind of feature, device and guard', () => {
		for (const kind of ['building', 'gate', 'garage', 'road', 'zone', 'checkpoint', 'alarm_point', 'patrol_route'] as const) {
			expectUnique(ids(kind));
		}
		expectUnique(bundle.devices.map((d) => d.id));
		expectUnique(bundle.guards.map((g) => g.id));
	});

	it('uses ids that the device contract accepts', () => {
		const entityIds = [bundle.site.id, ...bundle.devices.map((d) => d.id), ...bundle.guards.map((g) => g.id), ...ids('checkpoint')];
		expect(entityIds.filter((id) => !ID_PATTERN.test(id))).toEqual([]);
		expect(ids('alarm_point').filter((id) => !/^[A-Za-z0-9_./:-]{1,128}$/.test(id))).toEqual([]);
		expect(ids('checkpoint').every((id) => id.startsWith('CP-'))).toBe(true);
		expect(bundle.guards.every((g) => /^G-\d{3}$/.test(g.id))).toBe(true);
	});
});

describe('demo estate: patrol routes', () => {
	const checkpoints = new Map(listFeatures(bundle, 'checkpoint').map((c) => [c.properties.id, c]));
	const routes = listFeatures(bundle, 'patrol_route');

	it('refer only to existing checkpoints, and pass through them in order', () => {
		for (const r of routes) {
			const missing = r.properties.checkpoints.filter((id) => !checkpoints.has(id));
			expect(missing, r.properties.id).toEqual([]);
			const expected = r.properties.checkpoints.map((id) => checkpoints.get(id)!.geometry.coordinates);
			expect(r.geometry.coordinates).toEqual(expected);
			expect(r.properties.intervalMinutes).toBeGreaterThan(0);
		}
	});

	it('cover every checkpoint', () => {
		const onRoutes = new Set(routes.flatMap((r) => r.properties.checkpoints));
		expect([...checkpoints.keys()].filter((id) => !onRoutes.has(id))).toEqual([]);
	});

	it('are each carried by an existing handheld', () => {
		const handhelds = new Set(bundle.devices.filter((d) => d.kind === 'guard_handheld').map((d) => d.id));
		for (const r of routes) expect(handhelds.has(r.properties.device!), r.properties.id).toBe(true);
	});
});

describe('demo estate: alarm points', () => {
	const points = listFeatures(bundle, 'alarm_point');

	it('belong to existing devices and have a known type and a zone', () => {
		const devices = new Set(bundle.devices.map((d) => d.id));
		expect(points.filter((p) => !devices.has(p.properties.device)).map((p) => p.properties.id)).toEqual([]);
		for (const p of points) {
			expect(ALARM_TYPES).toContain(p.properties.type);
			expect(p.properties.zone).toMatch(/^[A-Za-z0-9-]{1,64}$/);
		}
	});

	it('cover the kinds of alarm a control room sees', () => {
		const types = new Set(points.map((p) => p.properties.type));
		for (const t of ['fire', 'smoke', 'door_forced', 'door_held', 'elevator_entrapment', 'water_leak', 'power_failure', 'gas', 'panic'] as const) {
			expect(types.has(t), t).toBe(true);
		}
		const towers = listFeatures(bundle, 'building').map((b) => b.properties.id);
		const entrapment = points.filter((p) => p.properties.type === 'elevator_entrapment').map((p) => p.properties.building);
		expect(new Set(entrapment)).toEqual(new Set(towers));
	});
});

describe('demo estate: geometry', () => {
	it('keeps every position inside the boundary box, about 400 m × 300 m', () => {
		const outside = bundle.plan.features.flatMap((f) =>
			listPositions(f.geometry)
				.filter((p) => !isInBounds(p, bounds))
				.map((p) => `${f.properties.kind} ${f.properties.id} ${p.join(',')}`)
		);
		expect(outside).toEqual([]);
		const widthM = (bounds.east - bounds.west) * 111_320 * Math.cos((30.28 * Math.PI) / 180);
		const heightM = (bounds.north - bounds.south) * 110_950;
		expect(widthM).toBeGreaterThan(380);
		expect(widthM).toBeLessThan(420);
		expect(heightM).toBeGreaterThan(280);
		expect(heightM).toBeLessThan(320);
	});

	it('places points that name a building or garage inside its footprint', () => {
		const footprints = new Map(
			[...listFeatures(bundle, 'building'), ...listFeatures(bundle, 'garage')].map((f) => [f.properties.id, f.geometry])
		);
		const located = [...listFeatures(bundle, 'checkpoint'), ...listFeatures(bundle, 'alarm_point')].filter(
			(f) => f.properties.building !== undefined
		);
		expect(located.length).toBeGreaterThan(50);
		const misplaced = located
			.filter((f) => {
				const footprint = footprints.get(f.properties.building!);
				return !footprint || !isInPolygon(f.geometry.coordinates, footprint);
			})
			.map((f) => f.properties.id);
		expect(misplaced).toEqual([]);
	});

	it('keeps buildings from overlapping each other', () => {
		const buildings = listFeatures(bundle, 'building');
		for (const a of buildings) {
			for (const b of buildings) {
				if (a === b) continue;
				const inside = listPositions(a.geometry).some((p) => isInPolygon(p, b.geometry));
				expect(inside, `${a.properties.id} in ${b.properties.id}`).toBe(false);
			}
		}
	});
});

describe('demo estate: names', () => {
	function isComplete(n: LocalizedName): boolean {
		return LOCALES.every((l) => typeof n[l] === 'string' && n[l].trim().length > 0);
	}

	it('names everything in three languages', () => {
		const names: [string, LocalizedName][] = [
			['site', bundle.site.name],
			['address', bundle.site.address],
			...bundle.devices.map((d): [string, LocalizedName] => [d.id, d.name]),
			...bundle.guards.map((g): [string, LocalizedName] => [g.id, g.name]),
			...bundle.plan.features.map((f): [string, LocalizedName] => [f.properties.id, f.properties.name])
		];
		expect(names.filter(([, n]) => !isComplete(n)).map(([id]) => id)).toEqual([]);
		expect(names.filter(([, n]) => n['zh-CN'] === n.en).map(([id]) => id)).toEqual([]);
	});
});
