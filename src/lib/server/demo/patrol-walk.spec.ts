import { describe, expect, it } from 'vitest';
import { ROUND_LATE_GRACE_MS } from '$lib/domain/patrol/round';
import { silenceMinutesOf } from '$lib/domain/patrol/round-plan';
import { demoEstate } from './estate';
import { guardOf, isRoundOpen, listPatrols, listRoundStarts, listWindows, walkRound, type Patrol, type RoundWalk, type WalkOptions } from './patrol-walk';
import { seeded } from './seeded-random';

const MINUTE_MS = 60_000;
/** 2026-11-23 20:00 in Hangzhou. */
const EVENING = Date.UTC(2026, 10, 23, 12, 0, 0);
const patrols = listPatrols(demoEstate);
const strict = (p: Patrol): Patrol => ({ ...p, route: { ...p.route, mode: 'strict' } });
const NONE: WalkOptions = { lateShare: 0, skipShare: 0, silenceShare: 0 };

/** Every round of every demo patrol (and its strict-order twin) starting in the evening's three hours, walked with `options`. */
function walkEvening(options: WalkOptions, seed = 1): { patrol: Patrol; walk: RoundWalk }[] {
	const random = seeded(seed);
	return [...patrols, ...patrols.map(strict)].flatMap((patrol) =>
		listRoundStarts(patrol, EVENING, EVENING + 3 * 60 * MINUTE_MS, demoEstate.site.timeZone).map((start) => ({ patrol, walk: walkRound(patrol, start, random, options) }))
	);
}

/** The scans of a walk in the order they are made. */
const timesOf = (walk: RoundWalk) => walk.stops.flatMap((s) => (s.atMs === null ? [] : [s.atMs])).sort((a, b) => a - b);
const gapsOf = (times: number[]) => times.slice(1).map((t, i) => t - times[i]);

describe('listPatrols', () => {
	it('gives each demo route its schedule, handheld and two guards of its own', () => {
		expect(patrols.map((p) => [p.route.route, p.device, p.rule.kind === 'every' && p.rule.minutes])).toEqual([
			['R-PERIMETER', 'HH-01', 120],
			['R-TOWERS-A', 'HH-02', 60],
			['R-TOWERS-B', 'HH-03', 60],
			['R-GARAGES', 'HH-04', 60]
		]);
		expect(patrols.flatMap((p) => p.guards).sort()).toEqual(demoEstate.guards.map((g) => g.id).sort());
		expect(patrols.every((p) => p.guards.length === 2)).toBe(true);
	});

	it('falls back to the site handhelds for routes without one, and needs guards', () => {
		const bundle = structuredClone(demoEstate);
		for (const r of bundle.plan.features) if (r.properties.kind === 'patrol_route') delete r.properties.device;
		expect(listPatrols(bundle).map((p) => p.device)).toEqual(['HH-01', 'HH-02', 'HH-03', 'HH-04']);
		expect(listPatrols({ ...bundle, guards: [] })).toEqual([]);
	});

	it('has guards take turns on a route, the same guard for the same round on every run', () => {
		for (const p of patrols) {
			const [a, b, c] = listRoundStarts(p, EVENING, EVENING + 6 * 60 * MINUTE_MS, demoEstate.site.timeZone);
			expect(guardOf(p, a)).not.toBe(guardOf(p, b));
			expect(guardOf(p, c)).toBe(guardOf(p, a));
			expect(walkRound(p, a, seeded(1)).guard).toBe(walkRound(p, a, seeded(2)).guard);
		}
	});
});

describe('walkRound: on time', () => {
	const walks = walkEvening(NONE);

	it('scans every checkpoint inside its window, in route order', () => {
		expect(walks.length).toBeGreaterThan(20);
		for (const { patrol, walk } of walks) {
			const windows = listWindows(patrol, walk.plannedStartMs);
			walk.stops.forEach((s, i) => {
				expect(s.fate, walk.round).toBe('walked');
				expect(s.atMs!, `${walk.round} ${s.checkpoint}`).toBeGreaterThanOrEqual(windows[i].startMs);
				expect(s.atMs!, `${walk.round} ${s.checkpoint}`).toBeLessThanOrEqual(windows[i].endMs);
			});
			const times = walk.stops.map((s) => s.atMs!);
			expect(times).toEqual(timesOf(walk));
			expect(walk.silence).toBeNull();
		}
	});

	it('keeps to the plan: the last scan within a minute and a half of the planned start plus all the legs', () => {
		for (const { patrol, walk } of walks) {
			const legs = patrol.route.stops.reduce((sum, s) => sum + s.legMinutes, 0);
			expect(Math.abs(walk.stops.at(-1)!.atMs! - (walk.plannedStartMs + legs * MINUTE_MS))).toBeLessThanOrEqual(1.5 * MINUTE_MS);
		}
	});
});

describe('walkRound: exceptions', () => {
	it('a late scan lands after its window has ended, while the round still takes scans', () => {
		const walks = walkEvening({ lateShare: 1, skipShare: 0, silenceShare: 0 });
		let late = 0;
		for (const { patrol, walk } of walks) {
			const windows = listWindows(patrol, walk.plannedStartMs);
			const closes = Math.max(...windows.map((w) => w.endMs));
			walk.stops.forEach((s, i) => {
				if (s.fate !== 'late') return;
				late += 1;
				expect(s.atMs!).toBeGreaterThan(windows[i].endMs);
				expect(s.atMs!).toBeLessThanOrEqual(closes + ROUND_LATE_GRACE_MS);
			});
		}
		expect(late).toBeGreaterThan(walks.length);
	});

	it('a skip leaves its checkpoint unscanned', () => {
		const walks = walkEvening({ lateShare: 0, skipShare: 0.3, silenceShare: 0 });
		const skipped = walks.flatMap(({ walk }) => walk.stops.filter((s) => s.fate === 'skipped'));
		expect(skipped.length).toBeGreaterThan(10);
		expect(skipped.every((s) => s.atMs === null)).toBe(true);
		expect(walks.flatMap(({ walk }) => walk.stops).filter((s) => s.fate !== 'skipped').every((s) => s.atMs !== null)).toBe(true);
	});

	it('late scans and skips never leave the guard quiet for the silence limit mid-round', () => {
		const walks = [1, 2, 3, 4, 5].flatMap((seed) => walkEvening({ lateShare: 0.3, skipShare: 0.5, silenceShare: 0 }, seed));
		for (const { patrol, walk } of walks) {
			const closes = Math.max(...listWindows(patrol, walk.plannedStartMs).map((w) => w.endMs));
			const times = timesOf(walk).filter((t) => t <= closes);
			for (const gap of gapsOf([...times, closes])) expect(gap, walk.round).toBeLessThan(silenceMinutesOf(patrol.route) * MINUTE_MS);
		}
	});

	it('a silent guard is quiet past the limit while the round is open, then resumes', () => {
		const walks = walkEvening({ silenceShare: 1, abandonShare: 0 });
		for (const { patrol, walk } of walks) {
			const limit = silenceMinutesOf(patrol.route) * MINUTE_MS;
			const closes = Math.max(...listWindows(patrol, walk.plannedStartMs).map((w) => w.endMs));
			expect(walk.silence, walk.round).not.toBeNull();
			const { fromMs, toMs } = walk.silence!;
			expect(toMs! - fromMs).toBeGreaterThan(limit + MINUTE_MS);
			expect(fromMs + limit).toBeLessThan(closes);
			expect(gapsOf(timesOf(walk)).filter((gap) => gap > limit)).toEqual([toMs! - fromMs]);
			expect(walk.stops.every((s) => s.fate === 'walked')).toBe(true);
		}
	});

	it('a silent guard who abandons the round scans nothing after the silence begins', () => {
		for (const { patrol, walk } of walkEvening({ silenceShare: 1, abandonShare: 1 })) {
			const closes = Math.max(...listWindows(patrol, walk.plannedStartMs).map((w) => w.endMs));
			const { fromMs, toMs } = walk.silence!;
			expect(toMs).toBeNull();
			expect(Math.max(...timesOf(walk))).toBe(fromMs);
			expect(fromMs + silenceMinutesOf(patrol.route) * MINUTE_MS).toBeLessThan(closes);
			const abandoned = walk.stops.filter((s) => s.fate === 'abandoned');
			expect(abandoned.length).toBeGreaterThan(0);
			expect(abandoned.every((s) => s.atMs === null)).toBe(true);
		}
	});

	it('is repeatable for the same random source', () => {
		const options = { lateShare: 0.2, skipShare: 0.2, silenceShare: 0.3 };
		expect(walkEvening(options, 5)).toEqual(walkEvening(options, 5));
		expect(walkEvening(options, 5)).not.toEqual(walkEvening(options, 6));
	});
});

describe('the demo estate: a round always open', () => {
	it('has a round the server holds open, or one starting within two minutes, at every minute of the day', () => {
		const day = 24 * 60 * MINUTE_MS;
		const starts = patrols.map((p) => ({ p, starts: listRoundStarts(p, EVENING - 2 * 60 * MINUTE_MS, EVENING + day + 2 * MINUTE_MS, demoEstate.site.timeZone) }));
		for (let now = EVENING; now < EVENING + day; now += MINUTE_MS) {
			const open = starts.some(({ p, starts }) => starts.some((start) => start <= now + 2 * MINUTE_MS && isRoundOpen(p, start, now)));
			expect(open, new Date(now).toISOString()).toBe(true);
		}
	});
});
