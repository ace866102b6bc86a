import type { WorkingHours } from '../organisation/working-hours';
import { instantOfLocal, localDayOf, minutesOf } from '../patrol/zoned-time';

/**
 * Clock arithmetic that counts only a site's working hours (a category that follows them: a
 * lawn reported at 22:00 is due the next working morning, not overnight). Pure, no I/O.
 */

/** ISO weekday (1 = Monday … 7 = Sunday) of a local day counted from 1970-01-01, a Thursday. */
const weekdayOf = (day: number): number => ((((day + 3) % 7) + 7) % 7) + 1;

/** The working windows of one local day, as instants (none on a day off). Overnight hours (22:00–06:00) run into the next day. */
function windowsOf(day: number, hours: WorkingHours, timeZone: string): [number, number][] {
	if (!hours.days.includes(weekdayOf(day))) return [];
	const start = minutesOf(hours.start);
	let end = minutesOf(hours.end);
	if (end <= start) end += 24 * 60;
	return [[instantOfLocal(day, start, timeZone), instantOfLocal(day, end, timeZone)]];
}

/**
 * The instant `minutes` of working time after `fromMs`. Time before the first window, between
 * windows and on days off does not count. Gives up after a year of days without a window (a
 * working week with no days is refused by the schema) and counts the rest around the clock.
 */
export function addWorkingMinutes(fromMs: number, minutes: number, hours: WorkingHours, timeZone: string): number {
	let left = minutes * 60_000;
	const first = localDayOf(fromMs, timeZone) - 1;
	for (let day = first; day < first + 366; day++) {
		for (const [open, close] of windowsOf(day, hours, timeZone)) {
			const begin = Math.max(open, fromMs);
			if (begin >= close) continue;
			if (begin + left <= close) return begin + left;
			left -= close - begin;
		}
	}
	return fromMs + minutes * 60_000;
}
