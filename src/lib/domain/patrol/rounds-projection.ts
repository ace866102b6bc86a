import type { EventEnvelope } from '../events';
import { RowSet, type SiteContext, type SiteProjection } from '../projection';
import { dayOf } from '../site/daily-counts';
import { isRoundActive, spanOf, type Round } from './round';
import { evolveRounds, type RoundRow } from './rounds';

/** A site's rounds and flagged scans, with the newest receipt seen and the zone: what a keyframe's cut is measured from. */
export interface RoundsState {
	rows: RowSet<RoundRow>;
	/** The newest receipt seen, in ms (after a restore, the newest in the rows until an event comes). */
	clock: number;
	timeZone: string | null;
}

const DAY_MS = 24 * 60 * 60_000;

/** The last instant anything can still change a finished round: its end, or the end of its late grace. */
function lastChangeOf(r: Round): number {
	return Math.max(Date.parse(r.finishedAt ?? r.plannedStart), spanOf(r).takesScansUntil);
}

/** The instant a row is dated by for keeping and showing. */
const dateOf = (row: RoundRow): number => (row.kind === 'round' ? lastChangeOf(row) : Date.parse(row.receivedAt));

function restoreRounds(rows: readonly RoundRow[]): RoundsState {
	let clock = -Infinity;
	for (const row of rows) {
		const seen = row.kind === 'round' ? [row.lastContactAt, row.finishedAt] : [row.receivedAt];
		for (const at of seen) if (at !== null) clock = Math.max(clock, Date.parse(at));
	}
	return { rows: new RowSet(rows), clock, timeZone: null };
}

function evolveRoundsState(s: RoundsState, e: EventEnvelope, site: SiteContext): void {
	s.clock = Math.max(s.clock, Date.parse(e.receivedAt));
	s.timeZone = site.timeZone;
	evolveRounds(s.rows, e, site);
}

/**
 * Rows dated on or after the site's day before `ref` (finished rounds by the end of their late
 * grace, flagged scans by receipt), and every active round. No later event can change a round
 * cut this way: a scan is believed at most SCAN_UPLOAD_DELAY_MAX_MS (12 h) before its receipt,
 * and the cut lies more than a day back.
 */
function listRecentRounds(rows: Iterable<RoundRow>, ref: number, timeZone: string): RoundRow[] {
	const from = dayOf(new Date(ref - DAY_MS), timeZone);
	return [...rows].filter((row) => (row.kind === 'round' && isRoundActive(row)) || dayOf(new Date(dateOf(row)), timeZone) >= from);
}

/**
 * Patrol rounds (`rounds`): every round and flagged scan of the site. A keyframe keeps the
 * active rounds and what finished since the site's day before its last event; a console is
 * shown the same as of `at`.
 */
export const rounds: SiteProjection<RoundsState, RoundRow> = {
	name: 'rounds',
	restore: restoreRounds,
	evolve: evolveRoundsState,
	rows: (s) => [...s.rows.values()],
	keep: (s) => (s.timeZone === null || !Number.isFinite(s.clock) ? [...s.rows.values()] : listRecentRounds(s.rows.values(), s.clock, s.timeZone)),
	view: (s, at, site) => listRecentRounds(s.rows.values(), at.getTime(), site.timeZone)
};
