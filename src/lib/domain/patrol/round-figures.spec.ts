import { describe, expect, it } from 'vitest';
import { makePatrolLog } from '../../../../tests/fixtures/patrol-log';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import { countRoundsOfToday } from './round-figures';
import { evolveRounds, type RoundRow } from './rounds';

const zone = 'Asia/Shanghai';
const T = (day: string, hhmm: string) => `2026-11-${day}T${hhmm}:00.000Z`;

function fold(events: EventEnvelope[]): RoundRow[] {
	const rows = new RowSet<RoundRow>();
	for (const e of events) evolveRounds(rows, e, { timeZone: zone });
	return [...rows.values()];
}

describe('countRoundsOfToday', () => {
	it('counts each round of the site\'s day once, by its worst checkpoint', () => {
		const log = makePatrolLog();
		const rows = fold([
			// On time: every checkpoint in its window.
			log.scheduled('ok', T('24', '02:00')),
			log.scanned('G1', 'A', T('24', '02:00')),
			log.scanned('G1', 'B', T('24', '02:10')),
			log.scanned('G1', 'C', T('24', '02:20')),
			// Late: B scanned after its window (03:05–03:15).
			log.scheduled('late', T('24', '03:00'), { guard: 'G2' }),
			log.scanned('G2', 'A', T('24', '03:00')),
			log.scanned('G2', 'B', T('24', '03:18')),
			log.scanned('G2', 'C', T('24', '03:20')),
			// Missed and late: counts as missed only; still under way.
			log.scheduled('missed', T('24', '04:00'), { guard: 'G3' }),
			log.closed('missed', 'A', T('24', '04:05')),
			log.scanned('G3', 'B', T('24', '04:20')),
			// Under way with nothing to say yet: not counted.
			log.scheduled('going', T('24', '04:30'), { guard: 'G4' }),
			log.scanned('G4', 'A', T('24', '04:30'))
		]);
		expect(countRoundsOfToday(rows, Date.parse(T('24', '04:31')), zone)).toEqual({ onTime: 1, late: 1, missed: 1 });
	});

	it('starts again on the site\'s new day, not the browser\'s', () => {
		const log = makePatrolLog();
		// 15:00Z is 23:00 in Shanghai on the 24th; 16:00Z is already the 25th there.
		const rows = fold([log.scheduled('r1', T('24', '15:00')), log.scanned('G1', 'A', T('24', '15:00')), log.scanned('G1', 'B', T('24', '15:10')), log.scanned('G1', 'C', T('24', '15:20'))]);
		expect(countRoundsOfToday(rows, Date.parse(T('24', '15:30')), zone).onTime).toBe(1);
		expect(countRoundsOfToday(rows, Date.parse(T('24', '16:00')), zone).onTime).toBe(0);
	});
});
