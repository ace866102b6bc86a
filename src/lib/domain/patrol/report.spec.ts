import { describe, expect, it } from 'vitest';
import { buildPatrolReport, emptyFigures, type PatrolException, type PatrolFigures } from './report';
import type { CheckpointState, Round, RoundStatus } from './round';

/**
 * The fixture, by hand. Site s1 is in Asia/Shanghai (UTC+8); the window is its 1 and 2 December
 * 2026, [2026-11-30T16:00Z, 2026-12-02T16:00Z).
 *
 * Rounds (planned start UTC → local day):
 *   r1  A  g1    11-30T16:30Z → 12-01  completed   on_time on_time late
 *   r2  A  g1    12-01T15:30Z → 12-01  incomplete  on_time missed skipped out_of_order
 *   r3  B  g2    12-01T16:10Z → 12-02  in_progress on_time pending pending   (UTC says 1 Dec)
 *   r4  A  —     12-02T01:00Z → 12-02  scheduled   pending pending
 *   r5  A  g1    11-30T15:59Z → before the window (completed, on_time)
 *   r6  B  g2    12-02T16:00Z → at `to`, outside (completed, on_time)
 *   o1  A  g1    on site s2, which is not asked for
 *
 * Exceptions:
 *   x1  patrol_exception      r2       closed    real         → 12-01 A g1
 *   x6  patrol_exception      r1       resolved  duplicate    → 12-01 A g1
 *   x2  guard_not_responding  r3       new       —            → 12-02 B g2
 *   x3  patrol_exception      r5       closed    real         → r5 is outside: not counted
 *   x4  patrol_exception      'gone'   resolved  false_alarm  → round unknown: by its opening, 12-02 C g3
 *   x7  patrol_exception      'gone2'  new       —            → round unknown, opened before the window: not counted
 *   x5  intrusion on A        —        not a patrol exception: ignored
 */
const STATE_OF: Record<string, CheckpointState> = { T: 'on_time', L: 'late', M: 'missed', S: 'skipped', O: 'out_of_order', P: 'pending' };

function round(id: string, route: string, guard: string | null, plannedStart: string, status: RoundStatus, states: string, site = 's1'): Round {
	return {
		kind: 'round',
		id,
		site,
		route,
		schedule: null,
		mode: 'strict',
		guard,
		plannedStart,
		status,
		checkpoints: [...states].map((s, n) => ({
			checkpoint: `c${n}`,
			windowStart: plannedStart,
			windowEnd: plannedStart,
			state: STATE_OF[s],
			scanSeq: null,
			scannedAt: null,
			receivedAt: null,
			arrivedLate: false,
			skipReason: s === 'S' ? 'blocked' : null,
			missedAt: null,
			lateNoted: false
		})),
		startedAt: null,
		finishedAt: null,
		silenceMinutes: 15,
		lastContactAt: null,
		silentSince: null,
		contactResumedAt: null,
		compliance: 0,
		lastSeq: 1
	};
}

function exception(id: string, round: string, status: PatrolException['status'], disposition: PatrolException['disposition'], extra: Partial<PatrolException> = {}): PatrolException {
	return { id, site: 's1', device: 'A', point: round, alarmType: 'patrol_exception', status, disposition, openedAt: '2026-12-01T12:00:00.000Z', ...extra };
}

const rounds = [
	round('r1', 'A', 'g1', '2026-11-30T16:30:00.000Z', 'completed', 'TTL'),
	round('r2', 'A', 'g1', '2026-12-01T15:30:00.000Z', 'incomplete', 'TMSO'),
	round('r3', 'B', 'g2', '2026-12-01T16:10:00.000Z', 'in_progress', 'TPP'),
	round('r4', 'A', null, '2026-12-02T01:00:00.000Z', 'scheduled', 'PP'),
	round('r5', 'A', 'g1', '2026-11-30T15:59:00.000Z', 'completed', 'T'),
	round('r6', 'B', 'g2', '2026-12-02T16:00:00.000Z', 'completed', 'T'),
	round('o1', 'A', 'g1', '2026-12-01T02:00:00.000Z', 'completed', 'T', 's2')
];
const exceptions = [
	exception('x1', 'r2', 'closed', 'real'),
	exception('x6', 'r1', 'resolved', 'duplicate'),
	exception('x2', 'r3', 'new', null, { device: 'B', alarmType: 'guard_not_responding' }),
	exception('x3', 'r5', 'closed', 'real'),
	exception('x4', 'gone', 'resolved', 'false_alarm', {
		device: 'C',
		openedAt: '2026-12-02T03:00:00.000Z',
		patrol: { round: 'gone', route: 'C', guard: 'g3', missed: ['c1'], scannedLate: [], silentSince: null, contactResumedAt: null }
	}),
	exception('x7', 'gone2', 'new', null, { openedAt: '2026-11-30T15:00:00.000Z' }),
	exception('x5', 'P1', 'new', null, { alarmType: 'intrusion' })
];

/** Figures written out by hand: unlisted counts are zero. */
function figures(f: {
	expected?: number;
	onTime?: number;
	late?: number;
	missed?: number;
	outOfOrder?: number;
	skipped?: number;
	pending?: number;
	compliance: number | null;
	rounds?: Partial<PatrolFigures['rounds']>;
	byStatus?: Partial<PatrolFigures['exceptions']['byStatus']>;
	byDisposition?: Partial<PatrolFigures['exceptions']['byDisposition']>;
	exceptions?: number;
}): PatrolFigures {
	const e = emptyFigures();
	return {
		expected: f.expected ?? 0,
		onTime: f.onTime ?? 0,
		late: f.late ?? 0,
		missed: f.missed ?? 0,
		outOfOrder: f.outOfOrder ?? 0,
		skipped: f.skipped ?? 0,
		pending: f.pending ?? 0,
		compliance: f.compliance,
		rounds: { ...e.rounds, ...f.rounds },
		exceptions: {
			count: f.exceptions ?? 0,
			byStatus: { ...e.exceptions.byStatus, ...f.byStatus },
			byDisposition: { ...e.exceptions.byDisposition, ...f.byDisposition }
		}
	};
}

const dec1A1 = figures({
	expected: 7,
	onTime: 3,
	late: 1,
	missed: 1,
	outOfOrder: 1,
	skipped: 1,
	compliance: 3 / 7,
	rounds: { total: 2, completed: 1, incomplete: 1 },
	exceptions: 2,
	byStatus: { resolved: 1, closed: 1 },
	byDisposition: { real: 1, duplicate: 1 }
});
const dec2Anone = figures({ pending: 2, compliance: null, rounds: { total: 1, active: 1 } });
const dec2B2 = figures({ expected: 1, onTime: 1, pending: 2, compliance: 1, rounds: { total: 1, active: 1 }, exceptions: 1, byStatus: { open: 1 }, byDisposition: { none: 1 } });
const dec2C3 = figures({ compliance: null, exceptions: 1, byStatus: { resolved: 1 }, byDisposition: { false_alarm: 1 } });

describe('buildPatrolReport', () => {
	const report = buildPatrolReport({
		from: new Date('2026-11-30T16:00:00.000Z'),
		to: new Date('2026-12-02T16:00:00.000Z'),
		sites: [
			{ id: 's1', timeZone: 'Asia/Shanghai' },
			{ id: 's3', timeZone: 'Europe/Berlin' }
		],
		rounds,
		exceptions
	});
	const [s1, s3] = report.sites;

	it('has one row per local day, route and guard, in that order', () => {
		expect(s1.rows).toEqual([
			{ day: '2026-12-01', route: 'A', guard: 'g1', ...dec1A1 },
			{ day: '2026-12-02', route: 'A', guard: null, ...dec2Anone },
			{ day: '2026-12-02', route: 'B', guard: 'g2', ...dec2B2 },
			{ day: '2026-12-02', route: 'C', guard: 'g3', ...dec2C3 }
		]);
	});

	it('sums per route, per guard (unclaimed last) and per day', () => {
		expect(s1.byRoute).toEqual([
			{
				route: 'A',
				...figures({
					expected: 7,
					onTime: 3,
					late: 1,
					missed: 1,
					outOfOrder: 1,
					skipped: 1,
					pending: 2,
					compliance: 3 / 7,
					rounds: { total: 3, completed: 1, incomplete: 1, active: 1 },
					exceptions: 2,
					byStatus: { resolved: 1, closed: 1 },
					byDisposition: { real: 1, duplicate: 1 }
				})
			},
			{ route: 'B', ...dec2B2 },
			{ route: 'C', ...dec2C3 }
		]);
		expect(s1.byGuard).toEqual([
			{ guard: 'g1', ...dec1A1 },
			{ guard: 'g2', ...dec2B2 },
			{ guard: 'g3', ...dec2C3 },
			{ guard: null, ...dec2Anone }
		]);
		expect(s1.byDay).toEqual([
			{ day: '2026-12-01', ...dec1A1 },
			{
				day: '2026-12-02',
				...figures({
					expected: 1,
					onTime: 1,
					pending: 4,
					compliance: 1,
					rounds: { total: 2, active: 2 },
					exceptions: 2,
					byStatus: { open: 1, resolved: 1 },
					byDisposition: { none: 1, false_alarm: 1 }
				})
			}
		]);
	});

	const s1Totals = figures({
		expected: 8,
		onTime: 4,
		late: 1,
		missed: 1,
		outOfOrder: 1,
		skipped: 1,
		pending: 4,
		compliance: 0.5,
		rounds: { total: 4, completed: 1, incomplete: 1, active: 2 },
		exceptions: 4,
		byStatus: { open: 1, resolved: 2, closed: 1 },
		byDisposition: { real: 1, duplicate: 1, none: 1, false_alarm: 1 }
	});

	it('totals the site, and the sites asked for (a site with nothing has null compliance)', () => {
		expect(s1.totals).toEqual(s1Totals);
		expect(s3).toEqual({ site: 's3', timeZone: 'Europe/Berlin', totals: figures({ compliance: null }), byRoute: [], byGuard: [], byDay: [], byShift: [], rows: [] });
		expect(report.totals).toEqual(s1Totals);
		expect(report.from).toBe('2026-11-30T16:00:00.000Z');
		expect(report.to).toBe('2026-12-02T16:00:00.000Z');
	});
});
