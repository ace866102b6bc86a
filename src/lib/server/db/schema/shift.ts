import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The duty shifts projection (`evolveShift`), a view of the system stream: one row per shift,
 * `state` the whole Shift as browsers receive it (its duty log and handover included). The shift
 * on duty is the one row without `ended_at`.
 */
export const shift = pgTable(
	'shift',
	{
		id: text('id').primaryKey(),
		startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
		endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [index('shift_started_idx').on(t.startedAt), index('shift_on_duty_idx').on(t.startedAt).where(sql`${t.endedAt} is null`)]
);
