import type { EventEnvelope, EventType } from '$lib/domain/events';
import type { SourceKind } from '$lib/domain/envelope';
import type { Sql, Queryable } from '../db/client';

export interface EventRow {
	stream: string;
	seq: number;
	type: EventType;
	source_kind: SourceKind;
	source_id: string;
	source_event_id: string | null;
	at: Date;
	received_at: Date;
	clock_skew_ms: number | null;
	data: Record<string, unknown>;
}

export function envelopeOf(r: EventRow): EventEnvelope {
	// The log holds only events checked where they entered; the row's type names its data's shape.
	const e = {
		site: r.stream,
		seq: r.seq,
		type: r.type,
		id: r.source_event_id,
		source: { kind: r.source_kind, id: r.source_id },
		at: r.at.toISOString(),
		receivedAt: r.received_at.toISOString(),
		data: r.data
	} as EventEnvelope;
	if (r.clock_skew_ms !== null) e.skewMs = r.clock_skew_ms;
	return e;
}

/** A stream's events with seq > after, in seq order, at most `limit`. */
export async function readEventsAfter(sql: Queryable, stream: string, after: number, limit: number): Promise<EventEnvelope[]> {
	const rows = await sql<EventRow[]>`
		select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data
		from event where stream = ${stream} and seq > ${after} order by seq limit ${limit}`;
	return rows.map(envelopeOf);
}

/** The newest `limit` events of a stream, newest first. */
export async function readLatestEvents(sql: Queryable, stream: string, limit: number): Promise<EventEnvelope[]> {
	const rows = await sql<EventRow[]>`
		select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data
		from event where stream = ${stream} order by seq desc limit ${limit}`;
	return rows.map(envelopeOf);
}

/** The last committed seq of a stream, or null when the stream does not exist. */
export async function getStreamHead(sql: Queryable, stream: string): Promise<number | null> {
	const [row] = await sql<{ seq: number }[]>`select seq from stream_head where stream = ${stream}`;
	return row ? row.seq : null;
}

const COLUMNS = 'stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data';

/** A stream's events with after < seq <= upTo, in seq order, at most `limit`: a stretch of a replay. */
export async function readEventsBetween(sql: Queryable, stream: string, after: number, upTo: number, limit: number): Promise<EventEnvelope[]> {
	const rows = await sql.unsafe<EventRow[]>(`select ${COLUMNS} from event where stream = $1 and seq > $2 and seq <= $3 order by seq limit $4`, [
		stream,
		after,
		upTo,
		limit
	]);
	return rows.map(envelopeOf);
}

/**
 * A stream's events committed between `from` and `to` (inclusive; either open), after seq
 * `after`, in seq order, at most `limit`: a window of the log by commit time, paged by seq.
 */
export async function readEventsCommitted(
	sql: Queryable,
	stream: string,
	window: { from: Date | null; to: Date | null; after: number; limit: number }
): Promise<EventEnvelope[]> {
	const rows = await sql<EventRow[]>`
		select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data
		from event
		where stream = ${stream} and seq > ${window.after}
			and committed_at >= ${window.from ?? new Date(0)} and committed_at <= ${window.to ?? new Date(8.64e15)}
		order by seq limit ${window.limit}`;
	return rows.map(envelopeOf);
}

/** The last seq of a stream committed at or before `at`, and its commit time; seq 0 when none. */
export async function findSeqAt(sql: Queryable, stream: string, at: Date): Promise<{ seq: number; committedAt: Date | null }> {
	// Commit times never decrease along a stream, so the newest by (committed_at, seq) is the prefix's end.
	const [row] = await sql<{ seq: number; committed_at: Date }[]>`
		select seq, committed_at from event where stream = ${stream} and committed_at <= ${at}
		order by committed_at desc, seq desc limit 1`;
	return row ? { seq: row.seq, committedAt: row.committed_at } : { seq: 0, committedAt: null };
}

/** When a seq of a stream was committed (null for seq 0 or a seq not in the log). */
export async function getCommittedAt(sql: Queryable, stream: string, seq: number): Promise<Date | null> {
	if (seq <= 0) return null;
	const [row] = await sql<{ committed_at: Date }[]>`select committed_at from event where stream = ${stream} and seq = ${seq}`;
	return row?.committed_at ?? null;
}
