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
export function silenceDueAt(r: Pick<Round, 'status' | 'lastContactAt' | 'silentSince' | 'silenceMinutes'>, guardContact: string | null = null): Date | null {
	if (r.status !== 'in_progress' || r.lastContactAt === null || r.silentSince !== null) return null;
	return new Date(Date.parse(lastContactOf(r, guardContact)) + r.silenceMinutes * MINUTE_MS);
}

/** The later of the round's own last contact and the guard's last scan anywhere on the site. */
const lastContactOf = (r: Pick<Round, 'lastContactAt'>, guardContact: string | null): string =>
	guardContact !== null && (r.lastContactAt === null || guardContact > r.lastContactAt) ? guardContact : r.lastContactAt!;

/** Whether the guard on a round in progress has been silent longer than its limit at `now`. */
export function isGuardSilentOnRound(r: Pick<Round, 'status' | 'lastContactAt' | 'silenceMinutes'>, now: Date): boolean {
	if (r.status !== 'in_progress' || r.lastContactAt === null) return false;
	return now.getTime() - Date.parse(r.lastContactAt) > r.silenceMinutes * MINUTE_MS;
}

/** Missed checkpoints scanned after all and not yet noted on the exception. */
export function listUnnotedScans(r: Pick<Round, 'checkpoints'>): Round['checkpoints'] {
	return r.checkpoints.filter((c) => c.missedAt !== null && (c.state === 'on_time' || c.state === 'late') && !c.lateNoted && c.scannedAt !== null && c.receivedAt !== null);
}

/**
 * The round's one due time for the patrol timer: the earliest of its next window's end, the
 * guard's silence, and a note owed (a missed checkpoint scanned after all, contact after a
 * noted silence: due at once, i.e. at the receipt that made it owed). Null when nothing is due.
 */
export function patrolDueAt(r: Round, guardContact: string | null = null): Date | null {
	let at = Infinity;
	const close = nextWindowCloseAt(r);
	if (close) at = Math.min(at, close.getTime());
	const silence = silenceDueAt(r, guardContact);
	if (silence) at = Math.min(at, silence.getTime());
	for (const c of listUnnotedScans(r)) at = Math.min(at, Date.parse(c.receivedAt!));
	if (r.contactResumedAt !== null) at = Math.min(at, Date.parse(r.contactResumedAt));
	return Number.isFinite(at) ? new Date(at) : null;
}

/** An event the patrol timer appends, as type and data. */
export type PatrolTimerEvent =
	| { type: 'RoundWindowClosed'; data: { round: string; route: string; checkpoint: string; guard: string | null } }
	| { type: 'GuardSilenceNoted'; data: { round: string; route: string; guard: string; since: string } }
	| {
			type: 'MissedCheckpointScanned';
			data: { round: string; route: string; checkpoint: string; guard: string | null; state: 'on_time' | 'late'; scannedAt: string; receivedAt: string };
	  }
	| { type: 'GuardContactResumed'; data: { round: string; route: string; guard: string; at: string } };

/**
 * What the patrol timer appends for a round at `now`, decided on the round as stored under the
 * site's lock and the guard's last scan on the site (`guardContact`, its receipt: a scan off the
 * route is a sign of life too): notes owed first (they concern the past), then windows closed,
 * then the silence. Empty when nothing is due (a scan came in first).
 */
export function decidePatrolTimer(r: Round, now: Date, guardContact: string | null = null): PatrolTimerEvent[] {
	const base = { round: r.id, route: r.route };
	const out: PatrolTimerEvent[] = [];
	for (const c of listUnnotedScans(r)) {
		const state = c.state as 'on_time' | 'late';
		out.push({ type: 'MissedCheckpointScanned', data: { ...base, checkpoint: c.checkpoint, guard: r.guard, state, scannedAt: c.scannedAt!, receivedAt: c.receivedAt! } });
	}
	if (r.contactResumedAt !== null && r.guard !== null) out.push({ type: 'GuardContactResumed', data: { ...base, guard: r.guard, at: r.contactResumedAt } });
	for (const checkpoint of listClosedWindows(r, now)) out.push({ type: 'RoundWindowClosed', data: { ...base, checkpoint, guard: r.guard } });
	const due = silenceDueAt(r, guardContact);
	if (due && r.guard !== null && due.getTime() <= now.getTime()) out.push({ type: 'GuardSilenceNoted', data: { ...base, guard: r.guard, since: lastContactOf(r, guardContact) } });
	return out;
}
