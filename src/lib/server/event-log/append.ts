import { isClockSkewed } from '$lib/domain/envelope';
import { type EventEnvelope } from '$lib/domain/events';
import { MAX_PAYLOAD_BYTES } from '$lib/domain/device/message';
import type { Sql, Tx } from '../db/client';
import type { Projection } from './projection';
import { writeDueItems, type DueItemChanges } from '../scheduler/due-items';
import type { NewDeadLetter, NewEvent, ProjectionUpdates, WriteItem, WriteOutcome } from './types';


export interface AppendResult {
	outcomes: WriteOutcome[];
	/** The events this batch committed, in seq order per stream. */
	envelopes: EventEnvelope[];
	/** What the projections changed in the same transaction, per site, for `site:projections`. */
	updates: ProjectionUpdates;
	/** The optimistic attempt met stored inputs and was redone with a lookup. */
	duplicatesFound?: boolean;
}

export interface AppendOptions {
	lookUpDuplicates?: boolean;
	/** The projections to keep up to date in the same transaction (the registry). */
	projections: readonly Projection[];
	/** The runtime clock's time: the batch's commit time (never earlier than its streams' last). */
	now: Date;
}

const keyOf = (stream: string, kind: string, source: string, id: string | null) => `${stream}\u0000${kind}\u0000${source}\u0000${id}`;

export function toEnvelope(e: NewEvent, seq: number): EventEnvelope {
	const envelope: EventEnvelope = {
		site: e.stream,
		seq,
		type: e.type,
		id: e.sourceEventId,
		source: { kind: e.sourceKind, id: e.sourceId },
		at: e.at.toISOString(),
		receivedAt: e.receivedAt.toISOString(),
		data: e.data
	} as EventEnvelope;
	// An item kept offline is old, not skewed: a phone's clock is read by when it sent the item.
	const clock = e.sentAt ?? e.at;
	if (isClockSkewed(clock, e.receivedAt)) envelope.skewMs = clock.getTime() - e.receivedAt.getTime();
	return envelope;
}

function deadLetterOf(item: WriteItem, reason: string): NewDeadLetter {
	if (item.kind === 'dead') return item.letter;
	const site = item.kind === 'event' ? item.event.stream : item.status.site;
	const device = item.kind === 'event' ? item.event.sourceId : item.status.device;
	const receivedAt = item.kind === 'event' ? item.event.receivedAt : item.status.receivedAt;
	return { receivedAt, channel: item.origin.channel, topic: item.origin.topic, site, device, reason, raw: item.origin.raw };
}

/** An optimistic attempt met inputs already stored: its transaction is rolled back and redone. */
export class DuplicatesFound extends Error {}

/**
 * Append a batch in one transaction: lock the streams' heads (serialising each stream's
 * writers, so seqs become visible in commit order), drop duplicates, apply device status,
 * number and insert the new events, move the heads, and store dead letters. Inputs for a
 * stream without a head (an unknown site) are dead-lettered in the same transaction.
 *
 * Duplicates are rare, so by default the batch is first tried optimistically, without looking
 * them up: the insert skips any row already stored, and if one was, that attempt (which would
 * leave a hole in the seqs) is rolled back and the batch redone with the lookup.
 * `result.duplicatesFound` tells the caller to look them up first for a while.
 */
export async function appendBatch(sql: Sql, items: WriteItem[], opts: AppendOptions): Promise<AppendResult> {
	const attempt = (lookUp: boolean) => sql.begin((tx) => appendInTransaction(tx, items, { ...opts, lookUpDuplicates: lookUp })) as Promise<AppendResult>;
	if (opts.lookUpDuplicates) return attempt(true);
	try {
		return await attempt(false);
	} catch (err) {
		if (!(err instanceof DuplicatesFound)) throw err;
		return { ...(await attempt(true)), duplicatesFound: true };
	}
}

/**
 * The append itself, inside the caller's transaction: for a command that must decide on the
 * projection's state and append its event atomically (lock the stream head first, then read).
 * Without `lookUpDuplicates`, throws DuplicatesFound when an input was already stored.
 */
export async function appendInTransaction(tx: Tx, items: WriteItem[], opts: AppendOptions): Promise<AppendResult> {
	const lookUp = opts.lookUpDuplicates ?? false;
	{
		const outcomes: WriteOutcome[] = new Array(items.length);
		const dead: NewDeadLetter[] = [];
		const streams = [
			...new Set(items.flatMap((i) => (i.kind === 'event' ? [i.event.stream] : i.kind === 'status' ? [i.status.site] : [])))
		].sort();
		const heads = new Map<string, number>();
		const lastCommitted = new Map<string, number>();
		// The projections' reads go with the head lock in one round trip (postgres.js pipelines
		// queries sent together on a transaction's connection); they queue behind the lock.
		const locked = streams.length
			? tx<{ stream: string; seq: number; committed_at: Date | null }[]>`
				select stream, seq, committed_at from stream_head where stream = any(${streams}) order by stream for update`.execute()
			: Promise.resolve([]);
		const { projections } = opts;
		const loads = projections.map((p) => p.load(tx, items));
		// Awaited together: when the lock wait fails (a statement timeout), the reads queued behind it
		// fail too, and those rejections must be handled, not left to crash the process.
		const [lockedRows, ...states] = await Promise.all([locked, ...loads]);
		for (const r of lockedRows) {
			heads.set(r.stream, r.seq);
			if (r.committed_at) lastCommitted.set(r.stream, r.committed_at.getTime());
		}

		const existing = lookUp ? await findExisting(tx, items, heads) : new Map<string, number>();
		const stamp = (e: NewEvent) => {
			for (let n = 0; n < projections.length; n++) {
				const p = projections[n];
				if (p.stamp) e = p.stamp(e, states[n]);
			}
			return e;
		};
		const decideStatus = (item: Extract<WriteItem, { kind: 'status' }>): NewEvent | null => {
			for (let n = 0; n < projections.length; n++) {
				const decided = projections[n].decideStatus?.(item.status, states[n]);
				if (decided !== undefined) return decided;
			}
			throw new Error('no projection decides device status reports');
		};
		const fresh: { index: number; event: NewEvent }[] = [];
		const seen = new Set<string>();
		for (let i = 0; i < items.length; i++) {
			const item = items[i];
			if (item.kind === 'dead') {
				dead.push(item.letter);
				outcomes[i] = { status: 'rejected', reasons: [item.letter.reason] };
				continue;
			}
			const stream = item.kind === 'event' ? item.event.stream : item.status.site;
			if (!heads.has(stream)) {
				dead.push(deadLetterOf(item, 'unknown site'));
				outcomes[i] = { status: 'rejected', reasons: ['unknown site'] };
				continue;
			}
			if (item.kind === 'status') {
				const change = decideStatus(item);
				if (change) fresh.push({ index: i, event: stamp(change) });
				else outcomes[i] = { status: 'noted' };
				continue;
			}
			const e = item.event;
			const key = keyOf(e.stream, e.sourceKind, e.sourceId, e.sourceEventId);
			const prior = existing.get(key);
			if (prior !== undefined) {
				outcomes[i] = { status: 'duplicate', seq: prior };
				continue;
			}
			if (e.sourceEventId !== null && seen.has(key)) {
				outcomes[i] = { status: 'duplicate', seq: -1 }; // resolved below, once numbered
				continue;
			}
			seen.add(key);
			fresh.push({ index: i, event: stamp(e) });
		}

		const envelopes: EventEnvelope[] = [];
		const seqByKey = new Map<string, number>();
		for (const { index, event } of fresh) {
			const seq = heads.get(event.stream)! + 1;
			heads.set(event.stream, seq);
			const envelope = toEnvelope(event, seq);
			envelopes.push(envelope);
			outcomes[index] = { status: 'stored', envelope };
			seqByKey.set(keyOf(event.stream, event.sourceKind, event.sourceId, event.sourceEventId), seq);
		}
		for (let i = 0; i < items.length; i++) {
			const o = outcomes[i];
			const item = items[i];
			if (o.status === 'duplicate' && o.seq === -1 && item.kind === 'event') {
				const e = item.event;
				o.seq = seqByKey.get(keyOf(e.stream, e.sourceKind, e.sourceId, e.sourceEventId))!;
			}
		}

		for (const e of envelopes) for (let n = 0; n < projections.length; n++) projections[n].evolve(states[n], e);
		// Facts that follow from the batch's own (a checklist attached to an incident it opened):
		// numbered after it and projected like it, in the same transaction. They follow nothing further.
		for (let f = 0; f < projections.length; f++) {
			const follow = projections[f].follow;
			if (!follow) continue;
			for (const event of await follow(tx, states[f], opts.now)) {
				const seq = heads.get(event.stream)! + 1;
				heads.set(event.stream, seq);
				const envelope = toEnvelope(event, seq);
				envelopes.push(envelope);
				fresh.push({ index: -1, event });
				for (let n = 0; n < projections.length; n++) projections[n].evolve(states[n], envelope);
			}
		}
		// Heartbeats that changed nothing still move last-seen: projections persist even without events.
		const projectionWrites = projections.flatMap((p, n) => p.persist(tx, states[n]));
		const due = writeDueItems(tx, collectDue(projections, states));
		if (due) projectionWrites.push(due);
		const updates = collectUpdates(projections, states);
		if (envelopes.length) {
			// Commit time by stream: the runtime's now, or the stream's last one if a clock stepped back,
			// so "the last seq committed at or before T" is a prefix of the stream.
			const committedAt = (stream: string) => new Date(Math.max(opts.now.getTime(), lastCommitted.get(stream) ?? 0)).toISOString();
			const rows = fresh.map(({ event: e }, n) => ({
				stream: e.stream,
				seq: envelopes[n].seq,
				type: e.type,
				source_kind: e.sourceKind,
				source_id: e.sourceId,
				source_event_id: e.sourceEventId,
				at: e.at.toISOString(),
				received_at: e.receivedAt.toISOString(),
				clock_skew_ms: envelopes[n].skewMs ?? null,
				data: e.data,
				committed_at: committedAt(e.stream)
			}));
			// The projections' writes, the insert and the heads' move leave together: one round trip.
			// The projections were evolved first, so nothing is in flight if their rules throw.
			const insert = tx`
				insert into event (stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data, committed_at)
				select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data, committed_at
				from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
					stream text, seq int8, type text, source_kind text, source_id text, source_event_id text,
					at timestamptz, received_at timestamptz, clock_skew_ms int8, data jsonb, committed_at timestamptz)
				on conflict (stream, source_kind, source_id, source_event_id) do nothing
				returning 1`.execute();
			const moved = [...new Set(fresh.map((f) => f.event.stream))].map((s) => ({ stream: s, seq: heads.get(s)!, committed_at: committedAt(s) }));
			const move = tx`
				update stream_head h set seq = x.seq, committed_at = x.committed_at
				from jsonb_to_recordset(${tx.json(moved as never)}::jsonb) as x(stream text, seq int8, committed_at timestamptz)
				where h.stream = x.stream`.execute();
			const [inserted] = await Promise.all([insert, move, ...projectionWrites]);
			// An input already stored: the projections were evolved by an event that is not new, so
			// this attempt is thrown away (rolled back) and redone with the lookup.
			if (inserted.length !== rows.length) throw new DuplicatesFound();
		} else if (projectionWrites.length) {
			await Promise.all(projectionWrites);
		}
		if (dead.length) await insertDeadLetters(tx, dead);
		return { outcomes, envelopes, updates };
	}
}

async function findExisting(tx: Tx, items: WriteItem[], heads: Map<string, number>): Promise<Map<string, number>> {
	const keys = items.flatMap((i) =>
		i.kind === 'event' && i.event.sourceEventId !== null && heads.has(i.event.stream)
			? [{ stream: i.event.stream, source_kind: i.event.sourceKind, source_id: i.event.sourceId, source_event_id: i.event.sourceEventId }]
			: []
	);
	const found = new Map<string, number>();
	if (!keys.length) return found;
	const rows = await tx<{ stream: string; source_kind: string; source_id: string; source_event_id: string; seq: number }[]>`
		select e.stream, e.source_kind, e.source_id, e.source_event_id, e.seq
		from jsonb_to_recordset(${tx.json(keys as never)}::jsonb) as k(stream text, source_kind text, source_id text, source_event_id text)
		join event e on e.stream = k.stream and e.source_kind = k.source_kind
			and e.source_id = k.source_id and e.source_event_id = k.source_event_id`;
	for (const r of rows) found.set(keyOf(r.stream, r.source_kind, r.source_id, r.source_event_id), r.seq);
	return found;
}

/** Every projection's due-item changes for the batch, as one write. */
function collectDue(projections: readonly Projection[], states: unknown[]): DueItemChanges {
	const set: DueItemChanges['set'] = [];
	const clear: string[] = [];
	projections.forEach((p, n) => {
		const d = p.due?.(states[n]);
		if (d) set.push(...d.set), clear.push(...d.clear);
	});
	return { set, clear };
}

/** Each projection's changes, grouped by site then projection name, as `site:projections` carries them. */
function collectUpdates(projections: readonly Projection[], states: unknown[]): ProjectionUpdates {
	const bySite: ProjectionUpdates = new Map();
	projections.forEach((p, n) => {
		for (const [site, change] of p.updates(states[n])) {
			let entry = bySite.get(site);
			if (!entry) bySite.set(site, (entry = {}));
			entry[p.name] = change;
		}
	});
	return bySite;
}

async function insertDeadLetters(tx: Tx, letters: NewDeadLetter[]): Promise<void> {
	const rows = letters.map((l) => ({
		received_at: l.receivedAt.toISOString(),
		channel: l.channel,
		topic: l.topic,
		site: l.site,
		device: l.device,
		reason: l.reason.slice(0, 2000),
		raw: l.raw.subarray(0, MAX_PAYLOAD_BYTES).toString('base64'),
		size: l.raw.byteLength
	}));
	await tx`
		insert into dead_letter (received_at, channel, topic, site, device, reason, raw, size)
		select received_at, channel, topic, site, device, reason, decode(raw, 'base64'), size
		from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
			received_at timestamptz, channel text, topic text, site text, device text, reason text, raw text, size int4)`;
}
