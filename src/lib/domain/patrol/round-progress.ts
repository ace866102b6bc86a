import { CHECKPOINT_STATES, isRoundActive, spanOf, type CheckpointState, type Round } from './round';
import type { RoundRow } from './rounds';

/**
 * What the console's patrol panel shows of the rounds under way: which rounds are current, and
 * how far each has got. Pure: `now` is the caller's clock.
 */

/**
 * The rounds an operator follows now: active (scheduled or in progress) and either already
 * started or past the opening of their first window. Rounds planned ahead, not yet open, are
 * left out: they have nothing to show but grey. Most urgent first: those with a missed
 * checkpoint or a silent guard, then any late, then by the end of their last window.
 */
export function listCurrentRounds(rows: Iterable<RoundRow>, now: number): Round[] {
	const current: Round[] = [];
	for (const r of rows) {
		if (r.kind !== 'round' || !isRoundActive(r) || r.checkpoints.length === 0) continue;
		if (r.startedAt !== null || spanOf(r).opensAt <= now) current.push(r);
	}
	return current.sort((a, b) => urgencyOf(a) - urgencyOf(b) || spanOf(a).closesAt - spanOf(b).closesAt || a.id.localeCompare(b.id));
}

function urgencyOf(r: Round): number {
	if (r.silentSince !== null || r.checkpoints.some((c) => c.state === 'missed')) return 0;
	if (r.checkpoints.some((c) => c.state === 'late' || c.state === 'out_of_order')) return 1;
	return 2;
}

/** A round's checkpoints counted by state, and its timing against `now`. */
export interface RoundProgress {
	total: number;
	/** Checkpoints dealt with by a scan or a skip: the bar's filled part. */
	done: number;
	counts: Record<CheckpointState, number>;
	/** The end of the round's last window, ms. */
	closesAt: number;
	/** Until `closesAt`, ms; negative once it has passed (the round still takes late scans). */
	leftMs: number;
}

/** How far a round has got at `now`. */
export function getRoundProgress(r: Pick<Round, 'checkpoints'>, now: number): RoundProgress {
	const counts = Object.fromEntries(CHECKPOINT_STATES.map((s) => [s, 0])) as Record<CheckpointState, number>;
	for (const c of r.checkpoints) counts[c.state] += 1;
	const { closesAt } = spanOf(r);
	const done = r.checkpoints.length - counts.pending - counts.missed;
	return { total: r.checkpoints.length, done, counts, closesAt, leftMs: closesAt - now };
}

/** A point of a guard's trail: a checkpoint and when it was scanned. */
export interface TrailPoint {
	checkpoint: string;
	at: string;
}

/**
 * The guard's walk on a round, oldest first: the round's checkpoints scanned, by the scans' own
 * times, then the guard's newer scans elsewhere (`recent`, e.g. the site's recent scans and the
 * guard's last position), so a guard who strayed from the route is seen to have. Scans of other
 * guards, and those older than the round's last scan, are left out.
 */
export function getGuardTrail(r: Pick<Round, 'checkpoints' | 'guard'>, recent: Iterable<{ guard: string; checkpoint: string; at: string; seq: number }> = []): TrailPoint[] {
	const walked = r.checkpoints
		.filter((c) => c.scannedAt !== null && c.state !== 'skipped')
		.map((c) => ({ checkpoint: c.checkpoint, at: c.scannedAt! }))
		.sort((a, b) => a.at.localeCompare(b.at));
	const last = walked.at(-1)?.at ?? '';
	const seen = new Set<number>();
	const after = [...recent]
		.map((s) => ({ ...s, at: new Date(s.at).toISOString() }))
		.filter((s) => s.guard === r.guard && s.at > last && !seen.has(s.seq) && seen.add(s.seq))
		.sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
	return [...walked, ...after.map((s) => ({ checkpoint: s.checkpoint, at: s.at }))];
}
