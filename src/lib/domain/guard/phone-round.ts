import { isRoundActive, type CheckpointState, type Round } from '../patrol/round';
import type { GuardSnapshot } from './snapshot';

/**
 * The guard's rounds as the phone shows them: which one is theirs now, which others they may
 * take, and each checkpoint's state with the scans still waiting in the outbox shown as made
 * (the phone's own scan is not undone because the server has not heard of it yet). Pure.
 */

/** A checkpoint's state on the phone: the round's, or `waiting` for a scan in the outbox. */
export type PhoneCheckpointState = CheckpointState | 'waiting';

export interface PhoneCheckpoint {
	checkpoint: string;
	windowStart: string;
	windowEnd: string;
	state: PhoneCheckpointState;
	/** The scan's time: the server's record, or the waiting scan's phone time. */
	scannedAt: string | null;
}

const byStart = (a: Round, b: Round) => a.plannedStart.localeCompare(b.plannedStart) || a.id.localeCompare(b.id);

/** How long a round the guard just finished stays on the phone as theirs (with every checkpoint shown done). */
export const FINISHED_SHOWN_MS = 30 * 60_000;

/**
 * The round the phone shows as the guard's: one under way; else one they finished in the last
 * half hour (the last scan does not make the round vanish under their thumb); else their
 * earliest planned one; null if none.
 */
export function getCurrentRound(s: Pick<GuardSnapshot, 'rounds' | 'guard'>, now: number): Round | null {
	const mine = s.rounds.filter((r) => r.guard === s.guard.id && r.checkpoints.length > 0);
	const going = mine.find((r) => r.status === 'in_progress');
	if (going) return going;
	const finished = mine
		.filter((r) => r.finishedAt !== null && now - Date.parse(r.finishedAt) <= FINISHED_SHOWN_MS)
		.sort((a, b) => b.finishedAt!.localeCompare(a.finishedAt!))[0];
	return finished ?? mine.filter((r) => r.status === 'scheduled').sort(byStart)[0] ?? null;
}

/** Other active rounds the guard may walk: unclaimed ones (the first scan takes them) and their own planned ones. */
export function listOpenRounds(s: Pick<GuardSnapshot, 'rounds' | 'guard'>, current: Round | null): Round[] {
	return s.rounds
		.filter((r) => r !== current && isRoundActive(r) && r.checkpoints.length > 0 && (r.guard === null || r.guard === s.guard.id))
		.sort(byStart);
}

/**
 * The round's checkpoints with the waiting scans applied: each waiting scan of a checkpoint
 * marks that checkpoint's first still-pending stop on the round (a route may pass one
 * checkpoint twice; two scans mark both stops).
 */
export function markWaitingScans(round: Pick<Round, 'checkpoints'>, waiting: Iterable<{ checkpoint: string; at: string }>): PhoneCheckpoint[] {
	const queued = new Map<string, string[]>();
	for (const w of waiting) queued.set(w.checkpoint, [...(queued.get(w.checkpoint) ?? []), w.at]);
	for (const times of queued.values()) times.sort();
	return round.checkpoints.map((c) => {
		const base = { checkpoint: c.checkpoint, windowStart: c.windowStart, windowEnd: c.windowEnd };
		const times = c.state === 'pending' ? queued.get(c.checkpoint) : undefined;
		const at = times?.shift();
		return at ? { ...base, state: 'waiting', scannedAt: at } : { ...base, state: c.state, scannedAt: c.scannedAt };
	});
}

/** The first stop still to walk, in route order, and the time left to the end of its window (negative once past). */
export function getNextCheckpoint(checkpoints: readonly PhoneCheckpoint[], now: number): { index: number; checkpoint: string; windowEnd: string; leftMs: number } | null {
	const index = checkpoints.findIndex((c) => c.state === 'pending');
	if (index < 0) return null;
	const c = checkpoints[index];
	return { index, checkpoint: c.checkpoint, windowEnd: c.windowEnd, leftMs: Date.parse(c.windowEnd) - now };
}

/** A span as m:ss, or h:mm:ss from an hour, without sign: the countdown's digits. */
export function formatDuration(ms: number): string {
	const s = Math.floor(Math.abs(ms) / 1000);
	const h = Math.floor(s / 3600);
	const mm = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return h > 0 ? `${h}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
