import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What the scheduler fires, and when: one row per pending timer (an incident's next escalation,
 * a device's silence deadline, a test window's end …), kept current by the projections in the
 * appending transaction and removed or moved by the command that fires it. `key` names the timer
 * (unique across kinds), `stream` is the stream whose lock the firing command takes.
 */
export const dueItem = pgTable(
	'due_item',
	{
		key: text('key').primaryKey(),
		stream: text('stream').notNull(),
		kind: text('kind').notNull(),
		dueAt: timestamp('due_at', { withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [index('due_item_due_at_idx').on(t.dueAt)]
);
