import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';

/**
 * Events per type per local day of a site: the console's "today" counters. One row per site and
 * day, its day the site's calendar date of the server's receipt; a new day starts a new row, so
 * the counters start again at midnight however the browser was left.
 */
export interface DailyCounts {
	/** The day: one row per site and day. */
	id: string;
	site: string;
	/** YYYY-MM-DD in the site's time zone. */
	day: string;
	counts: Partial<Record<string, number>>;
}


const QUARTER_HOUR_MS = 15 * 60_000;
const formats = new Map<string, { format: Intl.DateTimeFormat; quarter: number; day: string }>();

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone. Formatting is slow next to the
 * rest of a replay, and consecutive events mostly fall in the same quarter hour (every zone's
 * offset is a whole number of quarter hours, so a day never starts inside one): the last quarter
 * hour's answer is kept per zone.
 */
export function dayOf(at: Date | string, timeZone: string): string {
	let f = formats.get(timeZone);
	if (!f) {
		f = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), quarter: NaN, day: '' };
		formats.set(timeZone, f);
	}
	const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
	const quarter = Math.floor(ms / QUARTER_HOUR_MS);
	if (quarter !== f.quarter) {
		f.day = f.format.format(ms);
		f.quarter = quarter;
	}
	return f.day;
}

/** Count one event on its day's row. */
export function evolveDailyCounts(days: RowSet<DailyCounts>, e: EventEnvelope, timeZone: string): void {
	const day = dayOf(e.receivedAt, timeZone);
	const row = days.get(day) ?? { id: day, site: e.site, day, counts: {} };
	days.set({ ...row, counts: { ...row.counts, [e.type]: (row.counts[e.type] ?? 0) + 1 } });
}

/** Today's counts at `now`: empty when nothing was counted yet today. */
export function countsOn(days: Iterable<DailyCounts>, now: Date, timeZone: string): Partial<Record<string, number>> {
	const today = dayOf(now, timeZone);
	for (const d of days) if (d.day === today) return d.counts;
	return {};
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The rows of the day of `at` and the day before: what a console is given (it picks today's by its clock). */
export function listRecentDays(days: Iterable<DailyCounts>, at: Date, timeZone: string): DailyCounts[] {
	const from = dayOf(new Date(at.getTime() - DAY_MS), timeZone);
	return [...days].filter((d) => d.day >= from).sort((a, b) => a.day.localeCompare(b.day));
}

/**
 * Events per type per local day (`counts`). Every day stays in the state (a year is 365 small
 * rows); a keyframe keeps the newest two, the only ones a later event can still count on.
 */
export const dailyCounts = rowSetProjection<DailyCounts>('counts', (rows, e, site) => evolveDailyCounts(rows, e, site.timeZone), {
	keep: (rows) => {
		const days = [...rows.values()].sort((a, b) => a.day.localeCompare(b.day));
		return days.slice(-2);
	},
	view: (rows, at, site) => listRecentDays(rows.values(), at, site.timeZone)
});
