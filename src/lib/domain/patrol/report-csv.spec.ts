import { describe, expect, it } from 'vitest';
import { emptyFigures, type PatrolReport } from './report';
import { formatPatrolReportCsv } from './report-csv';

const HEADER =
	'site,day,route,guard,rounds,rounds_completed,rounds_incomplete,rounds_active,expected,on_time,late,missed,out_of_order,skipped,pending,compliance,' +
	'exceptions,exceptions_open,exceptions_resolved,exceptions_closed,exceptions_real,exceptions_false_alarm,exceptions_test,exceptions_duplicate,exceptions_undisposed';

function reportOf(rows: PatrolReport['sites'][number]['rows']): PatrolReport {
	const totals = emptyFigures();
	return { from: '', to: '', totals, sites: [{ site: 's1', timeZone: 'UTC', totals, byRoute: [], byGuard: [], byDay: [], byShift: [], rows }] };
}

describe('formatPatrolReportCsv', () => {
	it('writes a header alone for an empty report', () => {
		expect(formatPatrolReportCsv(reportOf([]))).toBe(HEADER + '\r\n');
	});

	it('writes one line per row: ids, counts, compliance to four decimals (empty when none was expected)', () => {
		const f = emptyFigures();
		const row = {
			day: '2026-12-01',
			route: 'A',
			guard: 'g1',
			...f,
			expected: 7,
			onTime: 3,
			late: 1,
			missed: 1,
			outOfOrder: 1,
			skipped: 1,
			compliance: 3 / 7,
			rounds: { total: 2, completed: 1, incomplete: 1, active: 0 },
			exceptions: { count: 2, byStatus: { open: 0, resolved: 1, closed: 1 }, byDisposition: { real: 1, false_alarm: 0, test: 0, duplicate: 1, none: 0 } }
		};
		const idle = { day: '2026-12-02', route: '=cmd', guard: null, ...f, pending: 2, rounds: { total: 1, completed: 0, incomplete: 0, active: 1 } };
		expect(formatPatrolReportCsv(reportOf([row, idle])).split('\r\n')).toEqual([
			HEADER,
			's1,2026-12-01,A,g1,2,1,1,0,7,3,1,1,1,1,0,0.4286,2,0,1,1,1,0,0,1,0',
			// A formula-looking id is defused with a leading quote; an unclaimed round has an empty guard.
			"s1,2026-12-02,'=cmd,,1,0,0,1,0,0,0,0,0,0,2,,0,0,0,0,0,0,0,0,0",
			''
		]);
	});
});
