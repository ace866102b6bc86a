import type { Round } from './round';

/**
 * What is due on a round and when: the instants a scheduler writes as due items, and the rules
 * its timers apply when they fire. Pure: `now` is the caller's clock.
 */

const MINUTE_MS = 60_000;

/** The next instant a checkpoint window of the round ends with the checkpoint still pending; null when none is. */
export function nextWindowCloseAt(r: Pick<Round, 'checkpoints' | 'status'>): Date | null {
	if (r.status !== 'scheduled' && r.status !== 'in_progress') return null;
	let next = Infinity;
	for (const c of r.checkpoints) if (c.state === 'pending') next = Math.min(next, Date.parse(c.windowEnd));
	return Number.isFinite(next) ? new Date(next) : null;
}

/** The checkpoints whose window has ended by `now` and are still pending: one `RoundWindowClosed` each. */
export function listClosedWindows(r: Pick<Round, 'checkpoints' | 'status'>, now: Date): string[] {
	if (r.status !== 'scheduled' && r.status !== 'in_progress') return [];
	return r.checkpoints.filter((c) => c.state === 'pending' && Date.parse(c.windowEnd) <= now.getTime()).map((c) => c.checkpoint);
}

/** When the round ends at the latest: its last window's end (sooner when walked in full before). */
export function roundEndsAt(r: Pick<Round, 'checkpoints'>): Date {
	return new Date(Math.max(...r.checkpoints.map((c) => Date.parse(c.windowEnd))));
}

/**
 * When the guard on a round in progress is silent past the round's limit if nothing is heard
 * before: the last contact plus the limit. Null when no silence is due (not in progress, or
 * already noted for that contact).
 */
export function silenceDueAt(r: Pick<Round, 'status' | 'lastContactAt' | 'silentSince' | 'silenceMinutes'>): Date | null {
	if (r.status !== 'in_progress' || r.lastContactAt === null || r.silentSince !== null) return null;
	return new Date(Date.parse(r.lastContactAt) + r.silenceMinutes * MINUTE_MS);
}

/** Whether the guard on a round in progress has been silent longer than its limit at `now`. */
export function isGuardSilentOnRound(r: Pick<Round, 'status' | 'lastContactAt' | 'silenceMinutes'>, now: Date): boolean {
	if (r.status !== 'in_progress' || r.lastContactAt === null) return false;
	return now.getTime() - Date.parse(r.lastContactAt) > r.silenceMinutes * MINUTE_MS;
}
