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
