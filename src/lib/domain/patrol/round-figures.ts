import { dayOf } from '../site/daily-counts';
import type { RoundRow } from './rounds';

/**
 * The wall tile's patrol line: how a site's rounds of today went. Pure.
 */

/** Rounds of the site's day, each counted at most once, by its worst checkpoint. */
export interface RoundFigures {
	/** Completed with every checkpoint on time. */
	onTime: number;
	/** With a checkpoint scanned late and none missed. */
	late: number;
	/** With a checkpoint missed (finished or not: a late upload may still turn it late). */
	missed: number;
}

/**
 * Today's figures at `now` in the site's time zone: rounds planned to start on the site's
 * calendar day. A round still under way counts once it has something to say (a missed or late
 * checkpoint); one that finished with only out-of-order or skipped checkpoints counts in none,
 * as it was neither on time nor late.
 */
export function countRoundsOfToday(rows: Iterable<RoundRow>, now: number, timeZone: string): RoundFigures {
	const today = dayOf(new Date(now), timeZone);
	const figures: RoundFigures = { onTime: 0, late: 0, missed: 0 };
	for (const r of rows) {
		if (r.kind !== 'round' || dayOf(r.plannedStart, timeZone) !== today) continue;
		if (r.checkpoints.some((c) => c.state === 'missed')) figures.missed += 1;
		else if (r.checkpoints.some((c) => c.state === 'late')) figures.late += 1;
		else if (r.status === 'completed' && r.checkpoints.every((c) => c.state === 'on_time')) figures.onTime += 1;
	}
	return figures;
}
