/**
 * Wall-clock arithmetic in a named time zone with nothing but `Intl`: the schedules' local times
 * to instants, and back. Pure, no I/O.
 */

/** A calendar date, as days since 1970-01-01 (so a day after is +1, across months and years). */
export type LocalDay = number;

const DAY_MS = 24 * 60 * 60_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatOf(timeZone: string): Intl.DateTimeFormat {
	let f = formats.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric'
		});
		formats.set(timeZone, f);
	}
	return f;
}

/** The wall clock at `ms` read as if it were UTC: `wallMs − ms` is the zone's offset then. */
function wallOf(ms: number, timeZone: string): number {
	const p: Record<string, number> = {};
	for (const part of formatOf(timeZone).formatToParts(ms)) if (part.type !== 'literal') p[part.type] = Number(part.value);
	// Before year 1, en-US prints an era; schedules never reach there.
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (ms % 1000 + 1000) % 1000;
}

/** The zone's offset from UTC at an instant, in ms (Asia/Shanghai: +8 h). */
export const offsetAt = (ms: number, timeZone: string): number => wallOf(ms, timeZone) - ms;

/** The local calendar day of an instant. */
export const localDayOf = (ms: number, timeZone: string): LocalDay => Math.floor(wallOf(ms, timeZone) / DAY_MS);

/**
 * The instant a wall-clock time names: `minutes` after local midnight of `day` (it may pass
 * 1440, into the next days). Where the clock jumps forward the time does not exist and moves
 * forward by the jump (02:30 → 03:30); where it falls back the earlier of the two is taken, as
 * Temporal's "compatible" disambiguation does.
 */
export function instantOfLocal(day: LocalDay, minutes: number, timeZone: string): number {
	const wall = day * DAY_MS + minutes * 60_000;
	const before = offsetAt(wall - DAY_MS, timeZone);
	const after = offsetAt(wall + DAY_MS, timeZone);
	const fits = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
	if (fits.length) return Math.min(...fits);
	return wall - before;
}

/** Minutes after midnight of an `HH:MM` time. */
export const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
