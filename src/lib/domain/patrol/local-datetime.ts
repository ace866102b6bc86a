import { instantOfLocal, minutesOf, offsetAt } from './zoned-time';

/**
 * A one-off schedule's instant as people type and read it: the site's wall clock in the
 * `YYYY-MM-DDTHH:MM` of an `<input type="datetime-local">`. Pure.
 */

const DAY_MS = 24 * 60 * 60_000;
const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant (ISO, UTC) a site's wall-clock `YYYY-MM-DDTHH:MM` names, or null when it is not one. */
export function instantOfLocalDateTime(value: string, timeZone: string): string | null {
	const match = LOCAL_DATETIME.exec(value);
	if (!match) return null;
	const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const midnight = Date.UTC(year, month - 1, date);
	// Date.UTC rolls 02-31 over into March: a day that does not exist is refused, not moved.
	if (new Date(midnight).getUTCDate() !== date) return null;
	return new Date(instantOfLocal(midnight / DAY_MS, minutesOf(`${match[4]}:${match[5]}`), timeZone)).toISOString();
}

/** An instant as the site's wall clock, `YYYY-MM-DDTHH:MM` (seconds dropped). */
export function localDateTimeOf(iso: string, timeZone: string): string {
	const ms = new Date(iso).getTime();
	return new Date(ms + offsetAt(ms, timeZone)).toISOString().slice(0, 16);
}
