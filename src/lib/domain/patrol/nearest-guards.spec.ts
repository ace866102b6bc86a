import { describe, expect, it } from 'vitest';
import type { LngLat, PlanFeature, SitePlan } from '../site/model';
import type { GuardPosition } from './guard-positions';
import { listIncidentPlaces, listNearestGuards, listOnDutyGuards, ON_DUTY_SCAN_WITHIN_MS } from './nearest-guards';
import type { Round } from './round';
import { measureDistance } from './walking-distance';

// A small estate drawn in metres (x east, y north) around a centre.
const CENTER: LngLat = [120.15, 30.28];
const at = (x: number, y: number): LngLat => [CENTER[0] + x / (111_320 * Math.cos((CENTER[1] * Math.PI) / 180)), CENTER[1] + y / 110_950];
const name = { 'zh-CN': 'x', 'zh-TW': 'x', en: 'x' };
const road = (id: string, points: [number, number][]): PlanFeature => ({
	type: 'Feature',
	geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) },
	properties: { kind: 'road', id, name }
});
const checkpoint = (id: string, x: number, y: number): PlanFeature => ({
	type: 'Feature',
	geometry: { type: 'Point', coordinates: at(x, y) },
	properties: { kind: 'checkpoint', id, name }
});
const alarmPoint = (id: string, device: string, x: number, y: number): PlanFeature => ({
	type: 'Feature',
	geometry: { type: 'Point', coordinates: at(x, y) },
	properties: { kind: 'alarm_point', id, device, type: 'fire', zone: 'Z1', name }
});
const plan = (...features: PlanFeature[]): SitePlan => ({ type: 'FeatureCollection', features });

/**
 * A wall along y = 0 from x = -40 to 50; the only path goes round its east end:
 * (0,-12) → (60,-12) → (60,12) → (0,12). A1 is just north of the wall, CP-S just south of it
 * (20 m straight, 148 m walked), CP-E out east (73 m straight, 83 m walked). CP-FAR stands on
 * a path of its own that joins nothing.
 */
const WALLED = plan(
	{
		type: 'Feature',
		geometry: { type: 'Polygon', coordinates: [[at(-40, -1), at(50, -1), at(50, 1), at(-40, 1), at(-40, -1)]] },
		properties: { kind: 'building', id: 'WALL', name, floors: 1, units: 0 }
	},
	road('loop', [[0, -12], [60, -12], [60, 12], [0, 12]]),
	road('far', [[200, 0], [250, 0]]),
	checkpoint('CP-S', 0, -10),
	checkpoint('CP-E', 70, 30),
	checkpoint('CP-FAR', 200, 5),
	alarmPoint('A1', 'FP-1', 0, 10),
	alarmPoint('A2', 'FP-2', 240, 2),
	alarmPoint('A3', 'FP-2', 60, 40)
);

const NOW = Date.parse('2026-11-24T10:00:00.000Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const seen = (id: string, checkpoint: string, msAgo = 60_000): GuardPosition => ({ id, site: 's1', seq: 1, checkpoint, guard: id, device: 'HH', at: ago(msAgo) });
const round = (id: string, guard: string, status: Round['status'] = 'in_progress', missed: string[] = []): Round =>
	({ kind: 'round', id, guard, status, route: 'R1', checkpoints: missed.map((checkpoint) => ({ checkpoint, state: 'missed' })) }) as unknown as Round;
const alarm = (device: string, point: string) => ({ device, point });

describe('measureDistance', () => {
	it('walks round the wall where the straight line goes through it', () => {
		const d = measureDistance(WALLED, at(0, -10), at(0, 10));
		expect(d.walked).toBe(true);
		expect(d.metres).toBeCloseTo(2 + 60 + 24 + 60 + 2, -0.5);
	});
	it('is straight between points no path joins, and on a plan without paths', () => {
		expect(measureDistance(WALLED, at(200, 5), at(0, 10))).toEqual({ metres: expect.closeTo(200, -0.5), walked: false });
		const bare = plan(checkpoint('C1', 0, 0), alarmPoint('A1', 'D', 30, 40));
		expect(measureDistance(bare, at(0, 0), at(30, 40))).toEqual({ metres: expect.closeTo(50, -0.5), walked: false });
	});
	it('turns where paths cross or meet without sharing a vertex', () => {
		const crossing = plan(
			road('h', [[-100, 0], [100, 0]]),
			road('v', [[0, -100], [0, 100]]),
			road('t', [[50, 0], [50, 80]]), // ends on `h`
			checkpoint('W', -100, 1),
			alarmPoint('N', 'D', 1, 100),
			alarmPoint('T', 'D', 51, 80)
		);
		expect(measureDistance(crossing, at(-100, 1), at(1, 100))).toEqual({ metres: expect.closeTo(202, -0.5), walked: true });
		expect(measureDistance(crossing, at(-100, 1), at(51, 80))).toEqual({ metres: expect.closeTo(1 + 150 + 80 + 1, -0.5), walked: true });
	});
	it('builds the network once per plan object (a plan is never changed in place)', () => {
		const copy = plan(...WALLED.features);
		const first = measureDistance(copy, at(70, 30), at(0, 10));
		expect(first).toEqual({ metres: expect.closeTo(Math.hypot(10, 18) + 60 + 2, -0.5), walked: true });
		copy.features.splice(0, copy.features.length);
		expect(measureDistance(copy, at(70, 30), at(0, 10))).toEqual(first);
	});
});

describe('listOnDutyGuards', () => {
	it('counts a scan exactly 30 minutes old, not one a millisecond older', () => {
		const on = listOnDutyGuards([seen('G1', 'CP-S', ON_DUTY_SCAN_WITHIN_MS), seen('G2', 'CP-S', ON_DUTY_SCAN_WITHIN_MS + 1)], [], NOW);
		expect(on.map((g) => g.guard)).toEqual(['G1']);
	});
	it('counts a guard with a round in progress however long ago they scanned, and only in progress', () => {
		const positions = [seen('G1', 'CP-S', 2 * 3600_000), seen('G2', 'CP-E', 2 * 3600_000)];
		const on = listOnDutyGuards(positions, [round('r1', 'G1'), round('r2', 'G2', 'completed')], NOW);
		expect(on).toEqual([{ guard: 'G1', seen: positions[0], round: expect.objectContaining({ id: 'r1' }) }]);
	});
});

describe('listIncidentPlaces', () => {
	it('is the alarm point on its device; for a communication fault every point of the device', () => {
		expect(listIncidentPlaces(WALLED, alarm('FP-1', 'A1'), [], [])).toEqual([at(0, 10)]);
		expect(listIncidentPlaces(WALLED, alarm('FP-2', 'A1'), [], [])).toEqual([]);
		expect(listIncidentPlaces(WALLED, alarm('FP-2', '-'), [], [])).toEqual([at(240, 2), at(60, 40)]);
		expect(listIncidentPlaces(WALLED, alarm('FP-9', '-'), [], [])).toEqual([]);
	});
	it('is a patrol incident’s first missed checkpoint, else where its guard was last seen', () => {
		const positions = [seen('G1', 'CP-E')];
		const patrol = (missed: string[]) => ({ device: 'R1', point: 'r1', patrol: { guard: 'G1', missed } });
		expect(listIncidentPlaces(WALLED, patrol(['CP-FAR', 'CP-S']), positions, [])).toEqual([at(200, 5)]);
		expect(listIncidentPlaces(WALLED, patrol([]), positions, [])).toEqual([at(70, 30)]);
		// Without the incident's own patrol details, its round (the point) stands in.
		expect(listIncidentPlaces(WALLED, { device: 'R1', point: 'r1' }, positions, [round('r1', 'G1', 'in_progress', ['CP-S'])])).toEqual([at(0, -10)]);
	});
});

describe('listNearestGuards', () => {
	it('ranks by walking distance, not by the straight line through the wall', () => {
		const positions = [seen('G-SOUTH', 'CP-S'), seen('G-EAST', 'CP-E'), seen('G-FAR', 'CP-FAR'), seen('G-OFF', 'CP-S', ON_DUTY_SCAN_WITHIN_MS + 1)];
		const { placed, guards } = listNearestGuards(WALLED, alarm('FP-1', 'A1'), positions, [], NOW);
		expect(placed).toBe(true);
		expect(guards.map((g) => [g.guard, Math.round(g.metres ?? -1), g.walked])).toEqual([
			['G-EAST', 83, true],
			['G-SOUTH', 148, true],
			['G-FAR', 200, false]
		]);
	});
	it('measures a communication fault to the device’s nearest point', () => {
		const { guards } = listNearestGuards(WALLED, alarm('FP-2', '-'), [seen('G-FAR', 'CP-FAR')], [], NOW);
		expect(guards[0]).toMatchObject({ guard: 'G-FAR', walked: true, metres: expect.closeTo(5 + 40 + 2, -0.5) });
	});
	it('without a place, lists guards by last seen with no distance, at most five', () => {
		const positions = ['G1', 'G2', 'G3', 'G4', 'G5', 'G6'].map((g, n) => seen(g, 'CP-S', n * 60_000));
		const { placed, guards } = listNearestGuards(WALLED, alarm('FP-9', '-'), positions.reverse(), [], NOW);
		expect(placed).toBe(false);
		expect(guards.map((g) => [g.guard, g.metres])).toEqual(['G1', 'G2', 'G3', 'G4', 'G5'].map((g) => [g, null]));
	});
	it('puts a guard on a round but not yet seen last, without a distance', () => {
		const { guards } = listNearestGuards(WALLED, alarm('FP-1', 'A1'), [seen('G1', 'CP-S')], [round('r9', 'G9')], NOW);
		expect(guards.map((g) => [g.guard, g.metres === null, g.round?.id ?? null])).toEqual([
			['G1', false, null],
			['G9', true, 'r9']
		]);
	});
});
