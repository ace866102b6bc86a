import { bigserial, customType, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/** Input that never reached the log, kept with its reason and raw bytes for inspection. */
export const deadLetter = pgTable(
	'dead_letter',
	{
		id: bigserial('id', { mode: 'number' }).primaryKey(),
		receivedAt: timestamp('received_at', { withTimezone: true, precision: 3 }).notNull(),
		channel: text('channel').notNull(),
		topic: text('topic'),
		site: text('site'),
		device: text('device'),
		reason: text('reason').notNull(),
		/** The payload as received, cut at the payload limit; `size` is the full length. */
		raw: bytea('raw').notNull(),
		size: integer('size').notNull()
	},
	(t) => [index('dead_letter_received_at_idx').on(t.receivedAt)]
);
