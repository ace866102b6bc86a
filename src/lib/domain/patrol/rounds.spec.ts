import { describe, expect, it } from 'vitest';
import { makePatrolLog } from '../../../../tests/fixtures/patrol-log';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { windowsOf, type Round } from './round';
import { evolveRounds, type RoundRow } from './rounds';

const site = { timeZone: 'Asia/Shanghai' };
const T = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;

function fold(events: EventEnvelope[], rows = new RowSet<RoundRow>()): RowSet<RoundRow> {
	for (const e of events) evolveRounds(rows, e, site);
	return rows;
}
const round = (rows: RowSet<RoundRow>, id = 'r1'): Round => {
	const r = rows.get(id);
	if (r?.kind !== 'round') throw new Error(`no round ${id}`);
	return r;
};
const states = (r: Round) => r.checkpoints.map((c) => c.state);
const flagged = (rows: RowSet<RoundRow>) => [...rows.values()].filter((r) => r.kind === 'flagged_scan');

describe('windowsOf', () => {
	const stops = [
		{ checkpoint: 'A', legMinutes: 0, toleranceMinutes: 5 },
		{ checkpoint: 'B', legMinutes: 10, toleranceMinutes: 2 },
		{ checkpoint: 'C', legMinutes: 15, toleranceMinutes: 5 }
	];
	it('strict: the planned start plus the legs walked so far, ± each tolerance', () => {
		expect(windowsOf({ plannedStart: T('10:00'), mode: 'strict', stops })).toEqual([
			{ windowStart: T('09:55'), windowEnd: T('10:05') },
			{ windowStart: T('10:08'), windowEnd: T('10:12') },
			{ windowStart: T('10:20'), windowEnd: T('10:30') }
		]);
	});
	it('any order: the whole walk, ± each tolerance', () => {
		expect(windowsOf({ plannedStart: T('10:00'), mode: 'any_order', stops })[1]).toEqual({ windowStart: T('09:58'), windowEnd: T('10:27') });
	});
});

describe('evolveRounds: a round walked', () => {
	it('is scheduled, in progress from its first scan, completed when every checkpoint is on time', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00'))]);
		expect(round(rows)).toMatchObject({ status: 'scheduled', guard: 'G1', startedAt: null, compliance: 0 });
		fold([log.scanned('G1', 'A', T('10:01'))], rows);
		expect(round(rows)).toMatchObject({ status: 'in_progress', startedAt: T('10:01'), lastContactAt: T('10:01') });
		fold([log.scanned('G1', 'B', T('10:04')), log.scanned('G1', 'C', T('10:20'))], rows);
		expect(round(rows)).toMatchObject({ status: 'completed', finishedAt: T('10:20'), compliance: 1 });
		expect(states(round(rows))).toEqual(['on_time', 'on_time', 'on_time']);
		expect(round(rows).checkpoints[2]).toMatchObject({ scanSeq: 4, scannedAt: T('10:20'), receivedAt: T('10:20'), arrivedLate: false });
	});

	it('marks a scan after its window late, and counts only on-time checkpoints in compliance', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:00')), log.scanned('G1', 'B', T('10:16')), log.scanned('G1', 'C', T('10:25'))]);
		expect(states(round(rows))).toEqual(['on_time', 'late', 'on_time']);
		expect(round(rows)).toMatchObject({ status: 'completed', compliance: 2 / 3 });
	});

	it('marks a checkpoint still pending missed when its window closes, and ends incomplete at the last', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:00')), log.closed('r1', 'A', T('10:05')), log.closed('r1', 'B', T('10:15'))]);
		expect(states(round(rows))).toEqual(['on_time', 'missed', 'pending']);
		expect(round(rows).status).toBe('in_progress');
		fold([log.closed('r1', 'C', T('10:25'))], rows);
		expect(round(rows)).toMatchObject({ status: 'incomplete', finishedAt: T('10:25'), compliance: 1 / 3 });
	});

	it('counts a scan made inside its window on time when it arrives after the window closed, noting the late arrival', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('r1', T('10:00')),
			log.scanned('G1', 'A', T('10:00')),
			log.closed('r1', 'B', T('10:15')),
			log.scanned('G1', 'C', T('10:20'))
		]);
		expect(round(rows)).toMatchObject({ status: 'incomplete' });
		fold([log.scanned('G1', 'B', T('10:12'), T('10:31'))], rows);
		expect(round(rows).checkpoints[1]).toMatchObject({ state: 'on_time', scannedAt: T('10:12'), receivedAt: T('10:31'), arrivedLate: true });
		expect(round(rows)).toMatchObject({ status: 'completed', compliance: 1, finishedAt: T('10:20') });
	});

	it('turns a missed checkpoint late when scanned after its window, within the round’s grace', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.closed('r1', 'A', T('10:05')), log.scanned('G1', 'A', T('10:07'))]);
		expect(round(rows).checkpoints[0]).toMatchObject({ state: 'late', arrivedLate: false });
	});

	it('uses the receipt when the phone’s clock runs ahead, or names a time more than 12 h before the receipt', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('r1', T('10:00')),
			// 16 minutes ahead of the server: on the phone's clock A would be late.
			log.scanned('G1', 'A', T('10:20'), T('10:04')),
			log.scanned('G1', 'B', '2026-11-23T10:10:00.000Z', T('10:14'))
		]);
		expect(round(rows).checkpoints.map((c) => [c.state, c.scannedAt])).toEqual([
			['on_time', T('10:04')],
			['on_time', T('10:14')],
			['pending', null]
		]);
	});

	it('strict order flags the checkpoint scanned before one that comes earlier on the route', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'B', T('10:04'))]);
		expect(states(round(rows))).toEqual(['pending', 'on_time', 'pending']);
		fold([log.scanned('G1', 'A', T('10:05'))], rows);
		expect(states(round(rows))).toEqual(['on_time', 'out_of_order', 'pending']);
		fold([log.scanned('G1', 'C', T('10:20'))], rows);
		expect(round(rows)).toMatchObject({ status: 'completed', compliance: 2 / 3 });
	});

	it('any order accepts the same walk', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00'), { mode: 'any_order' }), log.scanned('G1', 'C', T('10:01')), log.scanned('G1', 'B', T('10:02')), log.scanned('G1', 'A', T('10:03'))]);
		expect(states(round(rows))).toEqual(['on_time', 'on_time', 'on_time']);
	});

	it('judges order by the scans’ own times, so an offline phone’s scans uploaded backwards are in order', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'B', T('10:10'), T('10:11')), log.scanned('G1', 'A', T('10:00'), T('10:11'))]);
		expect(states(round(rows))).toEqual(['on_time', 'on_time', 'pending']);
		expect(round(rows).startedAt).toBe(T('10:00'));
	});

	it('skips a pending checkpoint with its reason; a skipped round completes but is not on time there', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('r1', T('10:00')),
			log.scanned('G1', 'A', T('10:00')),
			log.skipped('r1', 'B', 'gate locked', T('10:06')),
			log.skipped('r1', 'A', 'too late to skip', T('10:06')),
			log.scanned('G1', 'C', T('10:20'))
		]);
		expect(round(rows).checkpoints.map((c) => [c.state, c.skipReason])).toEqual([
			['on_time', null],
			['skipped', 'gate locked'],
			['on_time', null]
		]);
		expect(round(rows)).toMatchObject({ status: 'completed', compliance: 2 / 3 });
	});
});

describe('evolveRounds: whose round a scan is', () => {
	it('an unassigned round is claimed by the first scan on one of its checkpoints; then it is that guard’s', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00'), { guard: null }), log.scanned('G2', 'B', T('10:08'))]);
		expect(round(rows)).toMatchObject({ guard: 'G2', status: 'in_progress' });
		fold([log.scanned('G3', 'A', T('10:09'))], rows);
		expect(round(rows).checkpoints[0].state).toBe('pending');
		// Another guard's scan of it is no part of the round, and no flagged row either.
		expect(flagged(rows)).toEqual([]);
	});

	it('RoundClaimed assigns an active round, and not a finished one', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00'), { guard: null }), log.claimed('r1', 'G4', T('09:58'))]);
		expect(round(rows)).toMatchObject({ guard: 'G4', status: 'scheduled' });
		fold([log.skipped('r1', 'A', 'x', T('10:00')), log.skipped('r1', 'B', 'x', T('10:00')), log.skipped('r1', 'C', 'x', T('10:00')), log.claimed('r1', 'G5', T('10:01'))], rows);
		expect(round(rows)).toMatchObject({ guard: 'G4', status: 'completed' });
	});

	it('prefers the guard’s own round to an unclaimed one', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('free', T('10:00'), { guard: null }), log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:01'))]);
		expect([round(rows, 'free'), round(rows, 'r1')].map((r) => r.checkpoints[0].state)).toEqual(['pending', 'on_time']);
	});

	it('prefers the round whose window holds the scan to one under way where the checkpoint was missed', () => {
		const log = makePatrolLog();
		// r1 is under way with A missed; 10:28 is within its grace, and inside r2's window for A (10:25–10:35).
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'B', T('10:06')), log.closed('r1', 'A', T('10:06')), log.scheduled('r2', T('10:30'))]);
		fold([log.scanned('G1', 'A', T('10:28'))], rows);
		expect([round(rows, 'r1'), round(rows, 'r2')].map((r) => r.checkpoints[0].state)).toEqual(['missed', 'on_time']);
	});

	it('flags a scan of a checkpoint the plan lacks, and makes no row of one no round had open', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('r1', T('10:00')),
			log.scanned('G1', 'A', T('10:00'), T('10:00'), { unknown: true }),
			log.scanned('G1', 'Z', T('10:01')),
			log.scanned('G1', 'A', T('08:00'))
		]);
		expect(flagged(rows).map((f) => [f.id, f.checkpoint, f.reason])).toEqual([
			['scan/2', 'A', 'unknown_checkpoint']
		]);
		expect(round(rows).checkpoints[0].state).toBe('pending');
	});

	it('ignores a second tap on a resolved checkpoint and scans made in test', () => {
		const log = makePatrolLog();
		const rows = fold([log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:00')), log.scanned('G1', 'A', T('10:01')), log.scanned('G1', 'B', T('10:02'), T('10:02'), { test: true })]);
		expect(round(rows).checkpoints.map((c) => c.scanSeq)).toEqual([2, null, null]);
		expect(flagged(rows)).toEqual([]);
	});

	it('applies each event once: a second RoundScheduled or a replayed close changes nothing', () => {
		const log = makePatrolLog();
		const first = log.scheduled('r1', T('10:00'));
		const rows = fold([first, log.scheduled('r1', T('11:00'))]);
		expect(round(rows).plannedStart).toBe(T('10:00'));
		const close = log.closed('r1', 'A', T('10:05'));
		fold([close, log.scanned('G1', 'A', T('10:06'))], rows);
		fold([close], rows);
		expect(round(rows).checkpoints[0].state).toBe('late');
	});
});
