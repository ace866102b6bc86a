import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The findings projection (`evolveFindings`): what guards reported at checkpoints, one row each.
 * `state` is the whole row as browsers receive it; the columns are what loads and lists filter on.
 */
export const finding = pgTable(
	'finding',
	{
		site: text('site').notNull(),
		/** The phone's id for the finding. */
		id: text('id').notNull(),
		status: text('status').notNull(),
		reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.id] }), index('finding_open_idx').on(t.site, t.reportedAt).where(sql`${t.status} = 'open'`)]
);
