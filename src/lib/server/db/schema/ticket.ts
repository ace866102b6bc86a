import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The tickets projection (`evolveTicket`): one row per work order, `state` the whole Ticket as
 * browsers receive it. The columns beside it are what the board and the queues filter on.
 */
export const ticket = pgTable(
	'ticket',
	{
		id: text('id').primaryKey(),
		site: text('site').notNull(),
		status: text('status').notNull(),
		category: text('category').notNull(),
		department: text('department'),
		assignee: text('assignee'),
		resident: text('resident'),
		originKind: text('origin_kind').notNull(),
		originId: text('origin_id'),
		openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull(),
		closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [
		index('ticket_site_open_idx').on(t.site, t.openedAt).where(sql`${t.closedAt} is null`),
		index('ticket_site_opened_idx').on(t.site, t.openedAt),
		index('ticket_origin_idx').on(t.originKind, t.originId),
		index('ticket_resident_idx').on(t.resident).where(sql`${t.resident} is not null`)
	]
);
