import type { ScheduleRule } from './round-events';
import { instantOfLocal, localDayOf, minutesOf } from './zoned-time';

const DAY_MINUTES = 24 * 60;

/**
 * The planned starts of a schedule's rounds in `[from, to)`, in order, as the site's clock reads
 * them: "every 2 h from 20:00 to 06:00" starts at 20:00, 22:00, 00:00, 02:00 and 04:00 local time
 * each night, whatever the zone's offset. Steps are counted on the wall clock, so across a
 * daylight-saving change rounds stay on the hours guards expect; a start that does not exist
 * that night moves forward by the jump, and one that exists twice is taken once (the earlier).
 * Pure: the scheduler calls it with its own clock.
 */
export function listPlannedStarts(rule: ScheduleRule, from: Date, to: Date, timeZone: string): Date[] {
	const lo = from.getTime();
	const hi = to.getTime();
	if (!(hi > lo)) return [];
	if (rule.kind === 'once') {
		const at = Date.parse(rule.at);
		return at >= lo && at < hi ? [new Date(at)] : [];
	}
	const local = localMinutesOfDay(rule);
	const found = new Set<number>();
	// A window that opened the evening before `from` still starts rounds after it.
	for (let day = localDayOf(lo, timeZone) - 1, last = localDayOf(hi, timeZone); day <= last; day++) {
		for (const m of local) {
			const at = instantOfLocal(day, m, timeZone);
			if (at >= lo && at < hi) found.add(at);
		}
	}
	return [...found].sort((a, b) => a - b).map((t) => new Date(t));
}

/** Minutes after the local midnight of the day a window opens (past 1440 for the next morning). */
function localMinutesOfDay(rule: Exclude<ScheduleRule, { kind: 'once' }>): number[] {
	if (rule.kind === 'daily') return [...new Set(rule.times.map(minutesOf))];
	const start = minutesOf(rule.from);
	let end = minutesOf(rule.to);
	if (end <= start) end += DAY_MINUTES;
	const out: number[] = [];
	for (let m = start; m < end; m += rule.minutes) out.push(m);
	return out;
}
