import { describe, expect, it } from 'vitest';
import { buildPatrolReport, type PatrolException, type ShiftSpan } from './report';
import type { CheckpointState, Round } from './round';

const STATE_OF: Record<string, CheckpointState> = { T: 'on_time', L: 'late', M: 'missed', P: 'pending' };
const round = (id: string, plannedStart: string, status: Round['status'], states: string, site = 's1'): Round =>
	({
		kind: 'round',
		id,
		site,
		route: 'A',
		guard: 'g1',
		plannedStart,
		status,
		checkpoints: [...states].map((s, n) => ({ checkpoint: `c${n}`, windowStart: plannedStart, windowEnd: plannedStart, state: STATE_OF[s] }))
	}) as unknown as Round;
const exception = (id: string, roundId: string, openedAt: string): PatrolException => ({
	id,
	site: 's1',
	device: 'A',
	point: roundId,
	alarmType: 'patrol_exception',
	status: 'new',
	disposition: null,
	openedAt
});

// The window is 1 December 2026 UTC. Day shift S1 08:00–20:00, night shift S2 from 20:00 (on duty
// still); S0 ended before the window; S3 watches another site only.
const shifts: ShiftSpan[] = [
	{ id: 'S2', startedAt: '2026-12-01T20:00:00.000Z', endedAt: null, sites: null },
	{ id: 'S0', startedAt: '2026-11-30T20:00:00.000Z', endedAt: '2026-12-01T00:00:00.000Z', sites: null },
	{ id: 'S1', startedAt: '2026-12-01T08:00:00.000Z', endedAt: '2026-12-01T20:00:00.000Z', sites: null },
	{ id: 'S3', startedAt: '2026-12-01T08:00:00.000Z', endedAt: null, sites: ['s2'] }
];

describe('patrol report per shift', () => {
	it('counts each round in the shift on duty at its planned start, and its exception with it', () => {
		const report = buildPatrolReport({
			from: new Date('2026-12-01T00:00:00Z'),
			to: new Date('2026-12-02T00:00:00Z'),
			sites: [{ id: 's1', timeZone: 'UTC' }],
			rounds: [
				round('r1', '2026-12-01T09:00:00.000Z', 'completed', 'TTL'),
				round('r2', '2026-12-01T19:59:00.000Z', 'incomplete', 'TM'),
				round('r3', '2026-12-01T20:00:00.000Z', 'in_progress', 'TP'),
				round('r4', '2026-12-01T03:00:00.000Z', 'completed', 'T')
			],
			exceptions: [exception('x1', 'r2', '2026-12-01T20:30:00.000Z'), exception('x2', 'gone', '2026-12-01T21:00:00.000Z')],
			shifts
		});
		const [site] = report.sites;
		expect(site.byShift.map((s) => s.shift)).toEqual(['S1', 'S2']);
		const [day, night] = site.byShift;
		expect(day).toMatchObject({ rounds: { total: 2, completed: 1, incomplete: 1, active: 0 }, expected: 5, onTime: 3, late: 1, missed: 1, compliance: 3 / 5 });
		// x1's round was planned on the day shift; x2's round is unknown, so it counts by its opening.
		expect(day.exceptions.count).toBe(1);
		expect(night).toMatchObject({ rounds: { total: 1, active: 1 }, expected: 1, onTime: 1, pending: 1, compliance: 1 });
		expect(night.exceptions.count).toBe(1);
		// r4 (03:00) fell in no shift of the window: in the totals, in no shift.
		expect(site.totals.rounds.total).toBe(4);
	});

	it('is empty without shifts', () => {
		const report = buildPatrolReport({ from: new Date('2026-12-01T00:00:00Z'), to: new Date('2026-12-02T00:00:00Z'), sites: [{ id: 's1', timeZone: 'UTC' }], rounds: [], exceptions: [] });
		expect(report.sites[0].byShift).toEqual([]);
	});
});
