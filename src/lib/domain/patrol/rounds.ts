import type { EventEnvelope } from '../events';
import type { RowSet, SiteContext } from '../projection';
import { isRoundActive, scheduleRound, settleRound, spanOf, type Round, type RoundCheckpoint } from './round';
import { isLiveScan, scanTimeOf } from './scan';

/**
 * A live scan of a checkpoint the site's plan does not have (the writer's `data.unknown`: a
 * typo'd tag, another site's), kept as a row of the `rounds` projection so it is shown and
 * counted, never dropped. A scan of a known checkpoint outside any round (an extra check, an
 * ad hoc patrol) is ordinary: it stays in the log, the feed and the guard's trail, and makes no
 * row here. Its id, `scan/<seq>`, cannot be a round's.
 */
export interface FlaggedScan {
	kind: 'flagged_scan';
	id: string;
	site: string;
	seq: number;
	guard: string;
	checkpoint: string;
	device: string;
	/** The scan's own time as trusted (`scanTimeOf`), and its receipt. */
	at: string;
	receivedAt: string;
	reason: 'unknown_checkpoint';
}

/** A row of the `rounds` projection. */
export type RoundRow = Round | FlaggedScan;

export const flaggedScanId = (seq: number) => `scan/${seq}`;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The rounds after one event of the site's log. Events naming a round change only that round
 * (and only once: an event at or below its `lastSeq` is ignored). A live scan goes to the round
 * `matchScan` picks (a scan of a checkpoint the plan lacks becomes a flagged row); a scan also
 * ends a noted silence of the guard's rounds in progress. Reads only the rounds a scan could match (active ones, and
 * finished ones whose span, with its grace, holds the scan's time): what a live batch must load.
 */
export function evolveRounds(rows: RowSet<RoundRow>, e: EventEnvelope, _site?: SiteContext): void {
	if (isLiveScan(e)) return applyScan(rows, e);
	switch (e.type) {
		case 'RoundScheduled':
			if (!rows.get(e.data.round)) rows.set(scheduleRound(e));
			return;
		case 'RoundClaimed':
			return update(rows, e, e.data.round, (r) => (isRoundActive(r) && r.guard !== e.data.guard ? { ...r, guard: e.data.guard } : r));
		case 'CheckpointSkipped':
			return update(rows, e, e.data.round, (r) =>
				resolve(r, e.data.checkpoint, e.receivedAt, (c) => (c.state === 'pending' ? { ...c, state: 'skipped', skipReason: e.data.reason } : c))
			);
		case 'RoundWindowClosed':
			return update(rows, e, e.data.round, (r) =>
				resolve(r, e.data.checkpoint, e.receivedAt, (c) => (c.state === 'pending' ? { ...c, state: 'missed', missedAt: e.receivedAt } : c))
			);
		case 'MissedCheckpointScanned':
			return update(rows, e, e.data.round, (r) => {
				const n = r.checkpoints.findIndex((c) => c.checkpoint === e.data.checkpoint);
				return n < 0 || r.checkpoints[n].lateNoted ? r : { ...r, checkpoints: r.checkpoints.with(n, { ...r.checkpoints[n], lateNoted: true }) };
			});
		case 'GuardContactResumed':
			return update(rows, e, e.data.round, (r) => (r.contactResumedAt === null ? r : { ...r, contactResumedAt: null }));
		case 'GuardCheckedIn':
			// The answer to the phone's prompt: heard from on every round the guard is walking.
			for (const r of [...rows.values()]) {
				if (r.kind !== 'round' || r.status !== 'in_progress' || r.guard !== e.data.guard || e.seq <= r.lastSeq) continue;
				rows.set({ ...r, ...contact(r, e.receivedAt), lastSeq: e.seq });
			}
			return;
		case 'GuardSilenceNoted': {
			const since = iso(Date.parse(e.data.since));
			return update(rows, e, e.data.round, (r) =>
				r.status === 'in_progress' && r.guard === e.data.guard && r.lastContactAt !== null && r.lastContactAt <= since && r.silentSince === null
					? { ...r, silentSince: since }
					: r
			);
		}
	}
}

function roundOf(rows: RowSet<RoundRow>, id: string): Round | undefined {
	const r = rows.get(id);
	return r?.kind === 'round' ? r : undefined;
}

/** Apply `change` to one round; set it (with the event's seq) only when something changed. */
function update(rows: RowSet<RoundRow>, e: EventEnvelope, id: string, change: (r: Round) => Round): void {
	const r = roundOf(rows, id);
	if (!r || e.seq <= r.lastSeq) return;
	const next = change(r);
	if (next !== r) rows.set({ ...next, lastSeq: e.seq });
}

/** Change one checkpoint of the round and settle its status; the round itself when nothing changed. */
function resolve(r: Round, checkpoint: string, at: string, change: (c: RoundCheckpoint) => RoundCheckpoint): Round {
	const n = r.checkpoints.findIndex((c) => c.checkpoint === checkpoint);
	if (n < 0) return r;
	const next = change(r.checkpoints[n]);
	if (next === r.checkpoints[n]) return r;
	return settleRound({ ...r, checkpoints: r.checkpoints.with(n, next) }, at);
}

/**
 * The round a scan of `checkpoint` by `guard` made at `t` belongs to: among rounds holding that
 * checkpoint whose span (with its late grace) holds `t`, the guard's own where the checkpoint is
 * still open (pending, or missed and so correctable by a late upload), else an unclaimed one,
 * which the scan claims. Ties go to the round whose window for it holds `t`, then to a round
 * already started, then to the earliest planned. `repeat` when the guard's round already has the
 * checkpoint resolved (a second tap changes nothing and is not flagged).
 */
export function matchScan(rounds: Iterable<RoundRow>, guard: string, checkpoint: string, t: number): { round: Round; index: number } | 'repeat' | null {
	const open: { round: Round; index: number; inWindow: boolean }[] = [];
	let repeat = false;
	for (const r of rounds) {
		if (r.kind !== 'round' || (r.guard !== null && r.guard !== guard)) continue;
		const index = r.checkpoints.findIndex((c) => c.checkpoint === checkpoint);
		if (index < 0) continue;
		const { opensAt, takesScansUntil } = spanOf(r);
		if (t < opensAt || t > takesScansUntil) continue;
		const c = r.checkpoints[index];
		if (c.state === 'pending' || c.state === 'missed') open.push({ round: r, index, inWindow: t >= Date.parse(c.windowStart) && t <= Date.parse(c.windowEnd) });
		else if (r.guard === guard) repeat = true;
	}
	const own = open.filter((o) => o.round.guard === guard);
	const pool = own.length ? own : open;
	if (!pool.length) return repeat ? 'repeat' : null;
	pool.sort(
		(a, b) =>
			Number(b.inWindow) - Number(a.inWindow) ||
			Number(b.round.startedAt !== null) - Number(a.round.startedAt !== null) ||
			a.round.plannedStart.localeCompare(b.round.plannedStart) ||
			a.round.id.localeCompare(b.round.id)
	);
	return { round: pool[0].round, index: pool[0].index };
}

function applyScan(rows: RowSet<RoundRow>, e: EventEnvelope<'CheckpointScanned'>): void {
	const { guard, checkpoint } = e.data;
	const t = scanTimeOf(e);
	const match = e.data.unknown ? null : matchScan(rows.values(), guard, checkpoint, t);
	if (match && match !== 'repeat' && e.seq > match.round.lastSeq) rows.set({ ...scanned(match.round, match.index, e, t), lastSeq: e.seq });
	else if (e.data.unknown) {
		rows.set({
			kind: 'flagged_scan',
			id: flaggedScanId(e.seq),
			site: e.site,
			seq: e.seq,
			guard,
			checkpoint,
			device: e.source.id,
			at: iso(t),
			receivedAt: e.receivedAt,
			reason: 'unknown_checkpoint'
		});
	}
	// Any scan is a sign of life, whatever it matched: a round whose guard was noted silent hears
	// of it at once. Other rounds learn of scans off their route only when their silence falls
	// due (the timer reads the guard's last scan), so a scan rewrites no round it is not on.
	for (const r of [...rows.values()]) {
		if (r.kind !== 'round' || r.status !== 'in_progress' || r.guard !== guard || r.silentSince === null || e.seq <= r.lastSeq) continue;
		rows.set({ ...r, ...contact(r, e.receivedAt), lastSeq: e.seq });
	}
}

const contact = (r: Round, receivedAt: string) => ({
	lastContactAt: r.lastContactAt !== null && r.lastContactAt > receivedAt ? r.lastContactAt : receivedAt,
	silentSince: null,
	contactResumedAt: r.silentSince !== null ? receivedAt : r.contactResumedAt
});

/**
 * The round with checkpoint `n` scanned at `t`: on time when made by the window's end (early
 * too), late after it. In strict order a checkpoint is out of order when one before it on the
 * route was scanned after it, by the scans' own times, so scans uploaded out of order by an
 * offline phone are judged as they were walked; the flag falls on the one scanned too early.
 */
function scanned(r: Round, n: number, e: EventEnvelope<'CheckpointScanned'>, t: number): Round {
	const c = r.checkpoints[n];
	const end = Date.parse(c.windowEnd);
	const scannedAt = iso(t);
	const before = r.checkpoints.slice(0, n).some((p) => p.scannedAt !== null && p.scannedAt > scannedAt);
	const state = r.mode === 'strict' && before ? 'out_of_order' : t <= end ? 'on_time' : 'late';
	const checkpoints = r.checkpoints.map((p, i): RoundCheckpoint => {
		if (i === n)
			return { ...c, state, scanSeq: e.seq, scannedAt, receivedAt: e.receivedAt, arrivedLate: t <= end && Date.parse(e.receivedAt) > end, skipReason: null };
		const overtaken = r.mode === 'strict' && i > n && p.scannedAt !== null && p.scannedAt < scannedAt && (p.state === 'on_time' || p.state === 'late');
		return overtaken ? { ...p, state: 'out_of_order' } : p;
	});
	const startedAt = r.startedAt === null || r.startedAt > scannedAt ? scannedAt : r.startedAt;
	return settleRound({ ...r, ...contact(r, e.receivedAt), guard: r.guard ?? e.data.guard, startedAt, checkpoints }, e.receivedAt);
}
