import { stringify } from 'csv-stringify/sync';
import type { PatrolFigures, PatrolReport } from './report';

/**
 * A patrol report as CSV (RFC 4180, CRLF): one row per (site, day, route, guard) with a header of
 * English ids, for spreadsheets and scripts. Ids only, no display names: a name in one language
 * would not suit the others, and the JSON carries them. Pure, no I/O.
 */

/** The columns, in order; `compliance` is on time ÷ expected to four decimals, empty when nothing was expected. */
export const PATROL_CSV_COLUMNS = [
	'site',
	'day',
	'route',
	'guard',
	'rounds',
	'rounds_completed',
	'rounds_incomplete',
	'rounds_active',
	'expected',
	'on_time',
	'late',
	'missed',
	'out_of_order',
	'skipped',
	'pending',
	'compliance',
	'exceptions',
	'exceptions_open',
	'exceptions_resolved',
	'exceptions_closed',
	'exceptions_real',
	'exceptions_false_alarm',
	'exceptions_test',
	'exceptions_duplicate',
	'exceptions_undisposed'
] as const;

type CsvRecord = Record<(typeof PATROL_CSV_COLUMNS)[number], string | number>;

function recordOf(site: string, key: { day: string; route: string; guard: string | null }, f: PatrolFigures): CsvRecord {
	const x = f.exceptions;
	return {
		site,
		day: key.day,
		route: key.route,
		guard: key.guard ?? '',
		rounds: f.rounds.total,
		rounds_completed: f.rounds.completed,
		rounds_incomplete: f.rounds.incomplete,
		rounds_active: f.rounds.active,
		expected: f.expected,
		on_time: f.onTime,
		late: f.late,
		missed: f.missed,
		out_of_order: f.outOfOrder,
		skipped: f.skipped,
		pending: f.pending,
		compliance: f.compliance === null ? '' : f.compliance.toFixed(4),
		exceptions: x.count,
		exceptions_open: x.byStatus.open,
		exceptions_resolved: x.byStatus.resolved,
		exceptions_closed: x.byStatus.closed,
		exceptions_real: x.byDisposition.real,
		exceptions_false_alarm: x.byDisposition.false_alarm,
		exceptions_test: x.byDisposition.test,
		exceptions_duplicate: x.byDisposition.duplicate,
		exceptions_undisposed: x.byDisposition.none
	};
}

/** The report's rows as CSV text, header first (a header alone when there are no rows). */
export function formatPatrolReportCsv(report: PatrolReport): string {
	const records = report.sites.flatMap((s) => s.rows.map((r) => recordOf(s.site, r, r)));
	// A cell starting with = + - @ would run as a formula in a spreadsheet: ids come from devices and bundles.
	return stringify(records, { header: true, columns: [...PATROL_CSV_COLUMNS], record_delimiter: '\r\n', escape_formulas: true });
}
