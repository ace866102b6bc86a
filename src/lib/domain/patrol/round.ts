import type { EventEnvelope } from '../events';
import type { RoundScheduledData, RouteMode } from './round-events';

/**
 * A patrol round as the console shows it and the exceptions read it: one walk of a route's
 * checkpoints, each with its window and what became of it. Pure, no I/O.
 */

export const ROUND_STATUSES = ['scheduled', 'in_progress', 'completed', 'incomplete'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** `pending` until scanned, skipped or its window closes; the others are final except `missed`, which a scan made late (or uploaded late) turns into `late` (or `on_time`). */
export const CHECKPOINT_STATES = ['pending', 'on_time', 'late', 'missed', 'out_of_order', 'skipped'] as const;
export type CheckpointState = (typeof CHECKPOINT_STATES)[number];

/** How long after its last window a round still takes (late) scans. */
export const ROUND_LATE_GRACE_MS = 30 * 60_000;

export interface RoundCheckpoint {
	checkpoint: string;
	/** The checkpoint's window, ISO instants: on time when scanned by its end (early counts as on time). */
	windowStart: string;
	windowEnd: string;
	state: CheckpointState;
	/** The scan that resolved it: its seq, its own time (`scanTimeOf`) and when the server received it. */
	scanSeq: number | null;
	scannedAt: string | null;
	receivedAt: string | null;
	/** Made inside its window but received after it ended (a phone that was offline). */
	arrivedLate: boolean;
	skipReason: string | null;
	/** When its window closed with it unscanned (`RoundWindowClosed`); kept when a later scan resolves it. */
	missedAt: string | null;
	/** A scan after it was missed has been noted on the exception (`MissedCheckpointScanned`). */
	lateNoted: boolean;
}

/** One round; `kind` tells it from a flagged scan in the same projection. */
export interface Round {
	kind: 'round';
	/** The scheduler's id for it, unique within the site. */
	id: string;
	site: string;
	route: string;
	schedule: string | null;
	mode: RouteMode;
	/** Null until claimed (by `RoundClaimed` or by the first scan on one of its checkpoints). */
	guard: string | null;
	plannedStart: string;
	status: RoundStatus;
	/** In route order. */
	checkpoints: RoundCheckpoint[];
	/** The first scan's time; when it became completed or incomplete (receipt of the event that did it). */
	startedAt: string | null;
	finishedAt: string | null;
	/**
	 * The lone-worker limit, and the receipt of the last scan on this round (or, once the guard was
	 * noted silent, of any scan of theirs). The patrol timer also reads the guard's last scan anywhere.
	 */
	silenceMinutes: number;
	lastContactAt: string | null;
	/** Set by `GuardSilenceNoted` (the contact silence began after), cleared by the next scan. */
	silentSince: string | null;
	/** The receipt of the first scan after a noted silence, until `GuardContactResumed` records it. */
	contactResumedAt: string | null;
	/** Checkpoints on time ÷ checkpoints on the round, 0 to 1. */
	compliance: number;
	/** The seq of the last event that changed it. */
	lastSeq: number;
}

const MINUTE_MS = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The checkpoints' windows: in strict order each is expected at the planned start plus the legs
 * walked so far, ± its tolerance; in any order, each may be scanned at any time in the round,
 * from the start (less its tolerance) to the whole walk's end (plus its tolerance).
 */
export function windowsOf(d: Pick<RoundScheduledData, 'plannedStart' | 'mode' | 'stops'>): { windowStart: string; windowEnd: string }[] {
	const start = Date.parse(d.plannedStart);
	let walked = 0;
	const expected = d.stops.map((s) => (walked += s.legMinutes));
	return d.stops.map((s, n) => {
		const tolerance = s.toleranceMinutes * MINUTE_MS;
		const from = d.mode === 'strict' ? start + expected[n] * MINUTE_MS : start;
		const to = d.mode === 'strict' ? from : start + walked * MINUTE_MS;
		return { windowStart: iso(from - tolerance), windowEnd: iso(to + tolerance) };
	});
}

/** A round as `RoundScheduled` makes it: every checkpoint pending. */
export function scheduleRound(e: EventEnvelope<'RoundScheduled'>): Round {
	const d = e.data;
	const windows = windowsOf(d);
	return {
		kind: 'round',
		id: d.round,
		site: e.site,
		route: d.route,
		schedule: d.schedule,
		mode: d.mode,
		guard: d.guard,
		plannedStart: iso(Date.parse(d.plannedStart)),
		status: 'scheduled',
		checkpoints: d.stops.map((s, n) => ({
			checkpoint: s.checkpoint,
			...windows[n],
			state: 'pending',
			scanSeq: null,
			scannedAt: null,
			receivedAt: null,
			arrivedLate: false,
			skipReason: null,
			missedAt: null,
			lateNoted: false
		})),
		startedAt: null,
		finishedAt: null,
		silenceMinutes: d.silenceMinutes,
		lastContactAt: null,
		silentSince: null,
		contactResumedAt: null,
		compliance: 0,
		lastSeq: e.seq
	};
}

export interface RoundSpan {
	opensAt: number;
	closesAt: number;
	takesScansUntil: number;
}

/**
 * Spans by checkpoint list: a round's windows never change (a change makes a new round object
 * but keeps its `checkpoints` array unless a checkpoint changed, and no change moves a window),
 * and every scan asks each round that holds its checkpoint, so parsing them once matters in a
 * replay of a busy site. Weak: a round no longer held frees its entry.
 */
const spans = new WeakMap<readonly RoundCheckpoint[], RoundSpan>();

/** When the round starts taking scans (its earliest window) and stops (its last window's end plus the grace). */
export function spanOf(r: Pick<Round, 'checkpoints'>): RoundSpan {
	const known = spans.get(r.checkpoints);
	if (known) return known;
	let opensAt = Infinity;
	let closesAt = -Infinity;
	for (const c of r.checkpoints) {
		opensAt = Math.min(opensAt, Date.parse(c.windowStart));
		closesAt = Math.max(closesAt, Date.parse(c.windowEnd));
	}
	const span = { opensAt, closesAt, takesScansUntil: closesAt + ROUND_LATE_GRACE_MS };
	spans.set(r.checkpoints, span);
	return span;
}

export const isRoundActive = (r: Pick<Round, 'status'>) => r.status === 'scheduled' || r.status === 'in_progress';

/**
 * The round's status and compliance from its checkpoints: finished once none is pending,
 * completed when none is missed, incomplete otherwise. A finished round stays finished (a late
 * upload may turn incomplete into completed, never back into progress).
 */
export function settleRound(r: Round, at: string): Round {
	const onTime = r.checkpoints.filter((c) => c.state === 'on_time').length;
	const compliance = r.checkpoints.length ? onTime / r.checkpoints.length : 0;
	const pending = r.checkpoints.some((c) => c.state === 'pending');
	const missed = r.checkpoints.some((c) => c.state === 'missed');
	const status: RoundStatus = pending ? (r.startedAt ? 'in_progress' : 'scheduled') : missed ? 'incomplete' : 'completed';
	const finishedAt = pending ? null : (r.finishedAt ?? at);
	return { ...r, status, compliance, finishedAt };
}
