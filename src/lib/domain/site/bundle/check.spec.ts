import { describe, expect, it } from 'vitest';
import { buildDemoEstate } from '$lib/server/demo/estate';
import { checkSiteBundle } from './check';
import type { BuildingFeature } from '../model';
import { formatBundleProblem, withFloorPlan, writeBundleFiles, type BundleFiles, type BundleProblem } from './bundle';
import { countPlaces, listPlaces, MAX_PLACES_PER_SITE } from '../places';

const demoFiles = () => writeBundleFiles(buildDemoEstate());

function problemsOf(files: BundleFiles, locale: 'en' | 'zh-CN' | 'zh-TW' = 'en'): BundleProblem[] {
	const r = checkSiteBundle(files, locale);
	if (r.ok) throw new Error('expected the bundle to be refused');
	return r.problems;
}

/** The 1-based line and column of the n-th occurrence of `needle` in `text`. */
function positionOf(text: string, needle: string, n = 1): { line: number; column: number } {
	let at = -1;
	for (let i = 0; i < n; i++) at = text.indexOf(needle, at + 1);
	if (at < 0) throw new Error(`${needle} not in text`);
	const before = text.slice(0, at).split('\n');
	return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Edits the plan's parsed JSON and writes it back the way an export does. */
function editPlan(edit: (plan: { features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[] }) => void): BundleFiles {
	const files = demoFiles();
	const plan = JSON.parse(files.plan);
	edit(plan);
	return { ...files, plan: JSON.stringify(plan, null, 2) + '\n' };
}

const indexOf = (plan: { features: { properties: Record<string, unknown> }[] }, kind: string, id: string) =>
	plan.features.findIndex((f) => f.properties.kind === kind && f.properties.id === id);

describe('checkSiteBundle', () => {
	it('accepts the demo estate, and its export read back writes the same bytes', () => {
		const files = demoFiles();
		const r = checkSiteBundle(files);
		expect(r.ok ? null : r.problems.slice(0, 3).map(formatBundleProblem)).toBeNull();
		if (!r.ok) return;
		expect(writeBundleFiles(r.bundle)).toEqual(files);
		expect(r.bundle.plan.features.length).toBe(buildDemoEstate().plan.features.length);
		expect(listPlaces(r.bundle.places ?? []).filter((p) => p.kind === 'room').length).toBeGreaterThan(1000);
	});

	it('names the file, line, feature and field of a wrong value', () => {
		let index = -1;
		const files = editPlan((plan) => {
			index = indexOf(plan, 'building', 'B03');
			plan.features[index].properties.floors = 'thirty';
		});
		const [p, ...rest] = problemsOf(files);
		expect(rest).toEqual([]);
		expect(p).toMatchObject({ file: 'plan.geojson', feature: { index, kind: 'building', id: 'B03' }, field: 'properties.floors' });
		// The line of the offending key, the first "floors" after the feature's id.
		const featureAt = files.plan.indexOf('"id": "B03"');
		const line = files.plan.slice(0, files.plan.indexOf('"floors"', featureAt)).split('\n').length;
		expect(p.line).toBe(line);
		expect(p.message).toMatch(/number/);
		expect(formatBundleProblem(p)).toBe(`plan.geojson:${line}:${p.column} building "B03" (feature ${index}) properties.floors: ${p.message}`);
	});

	it('places a missing field on the object that lacks it, and an unknown field on its own key', () => {
		let index = -1;
		const files = editPlan((plan) => {
			index = plan.features.findIndex((f) => f.properties.kind === 'alarm_point');
			delete plan.features[index].properties.device;
			plan.features[index].properties.flor = 3;
		});
		const problems = problemsOf(files);
		expect(problems.map((p) => p.field).sort()).toEqual(['properties.device', 'properties.flor']);
		expect(problems.every((p) => p.feature?.index === index && p.feature.kind === 'alarm_point')).toBe(true);
		const flor = problems.find((p) => p.field === 'properties.flor')!;
		expect({ line: flor.line, column: flor.column }).toEqual(positionOf(files.plan, '"flor"'));
	});

	it('lists every problem at once, in file order', () => {
		const files = editPlan((plan) => {
			plan.features[0].geometry.coordinates = [[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.2]]];
			plan.features[plan.features.length - 1].properties.type = 'meteor';
		});
		const problems = problemsOf(files);
		expect(problems).toHaveLength(2);
		expect(problems[0]).toMatchObject({ feature: { index: 0 }, field: 'geometry.coordinates[0]', message: expect.stringMatching(/closed/) });
		expect(problems[1]).toMatchObject({ field: 'properties.type' });
		expect(problems[0].line).toBeLessThan(problems[1].line);
	});

	it('checks what refers to what: devices, checkpoints, buildings and floors', () => {
		const files = editPlan((plan) => {
			const point = plan.features.find((f) => f.properties.kind === 'alarm_point')!;
			point.properties.device = 'FAP-9';
			const route = plan.features.find((f) => f.properties.kind === 'patrol_route')!;
			(route.properties.checkpoints as string[])[1] = 'CP-NOWHERE';
			const checkpoint = plan.features.find((f) => f.properties.kind === 'checkpoint' && f.properties.building === 'B01')!;
			checkpoint.properties.floor = 40;
		});
		const messages = problemsOf(files).map((p) => `${p.field}: ${p.message}`);
		expect(messages).toEqual(
			expect.arrayContaining([
				'properties.device: no device "FAP-9" in site.json',
				'properties.checkpoints[1]: no checkpoint "CP-NOWHERE" in the plan',
				expect.stringMatching(/^properties\.floor: B01 has no floor 40 \(1 to \d+\)$/)
			])
		);
		expect(messages).toHaveLength(3);
	});

	it('refuses duplicate ids and a unit count that disagrees with the plan, in site.json', () => {
		const files = demoFiles();
		const site = JSON.parse(files.site);
		site.guards[1].id = site.guards[0].id;
		site.places[0].units.pop();
		site.site.timeZone = 'Asia/Nowhere';
		const problems = problemsOf({ ...files, site: JSON.stringify(site, null, 2) });
		expect(problems.map((p) => p.field)).toEqual(['site.timeZone']);
		// References are checked only once every shape is right: fix the time zone, the rest shows.
		site.site.timeZone = 'Asia/Shanghai';
		const next = problemsOf({ ...files, site: JSON.stringify(site, null, 2) });
		expect(next.map((p) => p.field).sort()).toEqual(['guards[1].id', 'places[0].units']);
		expect(next.every((p) => p.file === 'site.json' && p.feature === null)).toBe(true);
	});

	it('reports a syntax error at its line and column', () => {
		const files = demoFiles();
		const lines = files.site.split('\n');
		lines[3] = lines[3].replace(/,$/, '');
		const problems = problemsOf({ ...files, site: lines.join('\n') });
		expect(problems).toHaveLength(1);
		expect(problems[0]).toMatchObject({ file: 'site.json', line: 5, field: '', message: 'JSON syntax error: CommaExpected' });
	});

	it('speaks the reader’s language', () => {
		const files = editPlan((plan) => {
			plan.features[0].geometry.coordinates = [[[120, 30], [120.1, 30], [120.1, 30.1], [120, 30.2]]];
			plan.features.find((f) => f.properties.kind === 'alarm_point')!.properties.device = 'FAP-9';
		});
		// The ring is a shape problem: references wait until it is fixed.
		expect(problemsOf(files, 'zh-CN')[0].message).toBe('多边形的环必须闭合：最后一个坐标须与第一个相同');
		expect(problemsOf(files, 'zh-TW')[0].message).toBe('多邊形的環必須閉合：最後一個座標須與第一個相同');
	});
});

describe('the cap on places', () => {
	/** The demo estate with 100 more towers, each listing the schema's largest units: 50 of floors -20 to 200 with 99 rooms. */
	function hugeBundle(): { files: BundleFiles; claimed: number } {
		const estate = buildDemoEstate();
		const first = estate.plan.features.find((f) => f.properties.kind === 'building') as BuildingFeature;
		for (let i = 1; i <= 100; i++) estate.plan.features.push({ ...first, properties: { ...first.properties, id: `X${i}` } });
		const buildings = estate.plan.features.filter((f): f is BuildingFeature => f.properties.kind === 'building');
		for (const f of buildings) f.properties = { ...f.properties, floors: 200, units: 50 };
		estate.places = buildings.map((f) => ({
			building: f.properties.id,
			units: Array.from({ length: 50 }, (_, u) => ({ id: `U${u + 1}`, floors: [-20, 200] as [number, number], roomsPerFloor: 99 }))
		}));
		const files = writeBundleFiles(estate);
		return { files, claimed: countPlaces(estate.places) };
	}

	it('counts what listPlaces would make, without making it', () => {
		const buildings = [
			{ building: 'T1', units: [{ id: '1', floors: [-1, 2] as [number, number], roomsPerFloor: 2 }] },
			{ building: 'T2', units: [{ id: '1', floors: [-3, -1] as [number, number], roomsPerFloor: 9 }, { id: '2', floors: [1, 33] as [number, number], roomsPerFloor: 4 }] }
		];
		expect(countPlaces(buildings)).toBe(listPlaces(buildings).length);
	});

	it('refuses a bundle claiming ~10⁸ places quickly, on the line of the building that passes the cap, without expanding it', () => {
		const { files, claimed } = hugeBundle();
		expect(claimed).toBeGreaterThan(10 ** 8);
		expect(files.site.length).toBeLessThan(2_000_000);
		const heapBefore = process.memoryUsage().heapUsed;
		const started = performance.now();
		const problems = problemsOf(files);
		// Reading ~800 KB takes a second or two; expanding 10⁸ places would take minutes, if memory lasted.
		expect(performance.now() - started).toBeLessThan(10_000);
		// 200,000 places would take some 50 MB; 10⁸ would take gigabytes.
		expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 1024 * 1024);
		expect(problems).toHaveLength(1);
		const [p] = problems;
		expect(p).toMatchObject({ file: 'site.json', feature: null, field: 'places[0].units' });
		expect({ line: p.line, column: p.column }).toEqual(positionOf(files.site, '"units"'));
		expect(p.message).toBe(
			`too many places: ${JSON.parse(files.site).places[0].building} expands into 1,001,051 (buildings, units, floors and rooms) and the site into ${claimed.toLocaleString('en')}; at most ${MAX_PLACES_PER_SITE.toLocaleString('en')} per site`
		);
		expect(problemsOf(files, 'zh-CN')[0].message).toMatch(/^位置过多：/);
	});

	it('lets listPlaces itself refuse past the cap, for callers that skip the check', () => {
		const tower = { building: 'T1', units: Array.from({ length: 50 }, (_, u) => ({ id: `${u}`, floors: [1, 200] as [number, number], roomsPerFloor: 99 })) };
		expect(() => listPlaces([tower])).toThrow(RangeError);
	});
});

describe('listPlaces', () => {
	it('expands units into floors and rooms, skipping floor 0 and rooms underground', () => {
		const places = listPlaces([{ building: 'T1', units: [{ id: '1', floors: [-1, 2], roomsPerFloor: 2 }] }]);
		expect(places.map((p) => p.id)).toEqual(['T1', 'T1-1', 'T1-1-B1', 'T1-1-1F', 'T1-1-101', 'T1-1-102', 'T1-1-2F', 'T1-1-201', 'T1-1-202']);
		expect(places.find((p) => p.id === 'T1-1-202')).toEqual({ id: 'T1-1-202', kind: 'room', parent: 'T1-1-2F', building: 'T1', unit: '1', floor: 2, room: '202' });
	});
});

describe('withFloorPlan', () => {
	it('lays a new floor over its building’s footprint, replaces the same floor, removes it, and the result passes the check', () => {
		const bundle = buildDemoEstate();
		bundle.floorPlans = [];
		const set = withFloorPlan(bundle, 'B02', 3, 'data:image/png;base64,AAAA');
		const b02 = set.plan.features.find((f) => f.properties.kind === 'building' && f.properties.id === 'B02')!;
		const ring = (b02.geometry as { coordinates: [number, number][][] }).coordinates[0];
		const lngs = ring.map((p) => p[0]);
		const lats = ring.map((p) => p[1]);
		expect(set.floorPlans).toEqual([
			{ building: 'B02', floor: 3, image: 'data:image/png;base64,AAAA', bounds: [[Math.min(...lngs), Math.min(...lats)], [Math.max(...lngs), Math.max(...lats)]] }
		]);
		expect(checkSiteBundle(writeBundleFiles(set)).ok).toBe(true);
		const again = withFloorPlan(set, 'B02', 3, 'data:image/png;base64,BBBB');
		expect(again.floorPlans?.map((f) => f.image)).toEqual(['data:image/png;base64,BBBB']);
		expect(withFloorPlan(again, 'B02', 3, null).floorPlans).toEqual([]);
		expect(() => withFloorPlan(bundle, 'NOPE', 1, 'data:image/png;base64,AAAA')).toThrow(/NOPE/);
		// A floor the building does not have is the check's to refuse.
		const high = checkSiteBundle(writeBundleFiles(withFloorPlan(bundle, 'B02', 99, 'data:image/png;base64,AAAA')));
		expect(high.ok ? [] : high.problems.map((p) => p.field)).toEqual(['floorPlans[0].floor']);
	});
});
