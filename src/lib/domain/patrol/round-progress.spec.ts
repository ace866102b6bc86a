import { describe, expect, it } from 'vitest';
import { makePatrolLog } from '../../../../tests/fixtures/patrol-log';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { getGuardTrail, getRoundProgress, listCurrentRounds } from './round-progress';
import { evolveRounds, type RoundRow } from './rounds';
import type { Round } from './round';

const T = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
const at = (hhmm: string) => Date.parse(T(hhmm));

function fold(events: EventEnvelope[]): RowSet<RoundRow> {
	const rows = new RowSet<RoundRow>();
	for (const e of events) evolveRounds(rows, e, { timeZone: 'Asia/Shanghai' });
	return rows;
}
const roundOf = (rows: RowSet<RoundRow>, id: string) => rows.get(id) as Round;

describe('listCurrentRounds', () => {
	it('holds active rounds once open or started, not those planned ahead nor finished ones', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('done', T('08:00')),
			log.scanned('G1', 'A', T('08:00')),
			log.scanned('G1', 'B', T('08:10')),
			log.scanned('G1', 'C', T('08:20')),
			log.scheduled('open', T('10:00')),
			log.scheduled('later', T('11:00'))
		]);
		// A 10:00 round's first window opens at 09:55.
		expect(listCurrentRounds(rows.values(), at('09:50')).map((r) => r.id)).toEqual([]);
		expect(listCurrentRounds(rows.values(), at('09:55')).map((r) => r.id)).toEqual(['open']);
	});

	it('puts rounds with a missed checkpoint first, then late ones, then by their end', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('calm', T('10:00'), { guard: 'G1' }),
			log.scheduled('ends-sooner', T('09:50'), { guard: 'G2' }),
			log.scheduled('missed', T('10:05'), { guard: 'G3' }),
			log.closed('missed', 'A', T('10:15'))
		]);
		expect(listCurrentRounds(rows.values(), at('10:16')).map((r) => r.id)).toEqual(['missed', 'ends-sooner', 'calm']);
	});
});

describe('getRoundProgress', () => {
	it('counts scanned and skipped checkpoints as done, missed and pending as not, and the time left to the last window', () => {
		const log = makePatrolLog();
		const rows = fold([
			log.scheduled('r1', T('10:00'), {
				stops: ['A', 'B', 'C', 'D'].map((checkpoint, n) => ({ checkpoint, legMinutes: n ? 10 : 0, toleranceMinutes: 5 }))
			}),
			log.scanned('G1', 'A', T('10:01')),
			log.closed('r1', 'B', T('10:15')),
			log.scanned('G1', 'C', T('10:26'))
		]);
		const p = getRoundProgress(roundOf(rows, 'r1'), at('10:27'));
		expect(p).toMatchObject({ total: 4, done: 2, closesAt: at('10:35'), leftMs: 8 * 60_000 });
		expect(p.counts).toMatchObject({ on_time: 1, late: 1, missed: 1, pending: 1, skipped: 0, out_of_order: 0 });
	});
});

describe('getGuardTrail', () => {
	it('is the round\'s scans by their own times, then the guard\'s newer scans elsewhere', () => {
		const log = makePatrolLog();
		// Uploaded out of order by an offline phone: the trail follows the walk.
		const rows = fold([log.scheduled('r1', T('10:00'), { mode: 'any_order' }), log.scanned('G1', 'B', T('10:09'), T('10:30')), log.scanned('G1', 'A', T('10:02'), T('10:30'))]);
		const recent = [
			{ seq: 7, guard: 'G1', checkpoint: 'X', at: T('10:31') },
			{ seq: 8, guard: 'G2', checkpoint: 'Y', at: T('10:32') },
			{ seq: 3, guard: 'G1', checkpoint: 'A', at: T('10:02') },
			{ seq: 7, guard: 'G1', checkpoint: 'X', at: T('10:31') }
		];
		expect(getGuardTrail(roundOf(rows, 'r1'), recent)).toEqual([
			{ checkpoint: 'A', at: T('10:02') },
			{ checkpoint: 'B', at: T('10:09') },
			{ checkpoint: 'X', at: T('10:31') }
		]);
	});
});
