import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The one append-only log. (stream, seq) is gap-free per stream and allocated in commit
 * order through `stream_head`, so a reader that has seen seq N never later finds a
 * committed event below N.
 */
export const event = pgTable(
	'event',
	{
		stream: text('stream').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		type: text('type').notNull(),
		sourceKind: text('source_kind').notNull(),
		sourceId: text('source_id').notNull(),
		/** The source's own id for this input (a device's message id); duplicates are stored once. */
		sourceEventId: text('source_event_id'),
		at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
		receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull(),
		/**
		 * at − receivedAt in ms, recorded only when past the skew limit. int8: a clock that reads
		 * 1970 is ~1.7·10¹² ms off, far past int4's ±2.1·10⁹ (about 24 days).
		 */
		clockSkewMs: bigint('clock_skew_ms', { mode: 'number' }),
		data: jsonb('data').notNull(),
		/**
		 * When the appending transaction committed it, by the runtime clock, never earlier than the
		 * stream's previous event: "the state at T" is the prefix up to the last seq committed at or before T.
		 */
		committedAt: timestamp('committed_at', { withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [
		primaryKey({ columns: [t.stream, t.seq] }),
		uniqueIndex('event_source_uq').on(t.stream, t.sourceKind, t.sourceId, t.sourceEventId),
		index('event_received_at_idx').on(t.stream, t.receivedAt),
		index('event_committed_at_idx').on(t.stream, t.committedAt, t.seq),
		// The audit page reads people's and the system's events across streams; devices' are left out.
		index('event_audit_idx').on(t.receivedAt).where(sql`${t.sourceKind} <> 'device'`),
		// An incident's steps (its history), found by the incident id in their data.
		index('event_incident_idx')
			.on(t.stream, sql`(${t.data} ->> 'incident')`)
			.where(sql`${t.type} like 'Incident%'`),
		// A ticket's history, likewise.
		index('event_ticket_idx')
			.on(t.stream, sql`(${t.data} ->> 'ticket')`)
			.where(sql`${t.type} like 'Ticket%'`),
		check('event_source_kind_ck', sql`${t.sourceKind} in ('device', 'user', 'system')`)
	]
);

/** One row per stream: the last seq handed out. Locking it serialises a stream's writers. */
export const streamHead = pgTable('stream_head', {
	stream: text('stream').primaryKey(),
	seq: bigint('seq', { mode: 'number' }).notNull().default(0),
	/** When that seq was committed: the next batch's commit time is never earlier. */
	committedAt: timestamp('committed_at', { withTimezone: true, precision: 3 })
});

/**
 * A site's whole state at a seq (every registered projection's kept rows and the plan version),
 * stored every few thousand events and at start-up, so the state at any instant is a keyframe
 * plus a short stretch of the log. Derived data: `projections rebuild` deletes and rewrites them.
 */
export const projectionKeyframe = pgTable(
	'projection_keyframe',
	{
		stream: text('stream').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [primaryKey({ columns: [t.stream, t.seq] })]
);
