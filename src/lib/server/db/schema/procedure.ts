import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every published version of every procedure, never changed once written: an incident's
 * checklist names the version it opened with, and the console reads its texts from here. The
 * current version of a procedure is its highest. Written with `ProcedurePublished` in the system
 * stream, which carries the same definition.
 */
export const procedureVersion = pgTable(
	'procedure_version',
	{
		procedure: text('procedure').notNull(),
		version: integer('version').notNull(),
		definition: jsonb('definition').notNull(),
		publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull(),
		publishedBy: text('published_by').notNull()
	},
	(t) => [primaryKey({ columns: [t.procedure, t.version] })]
);

/**
 * The checklists projection (`evolveChecklist`): one row per incident with a procedure. `state`
 * is the whole Checklist as browsers receive it.
 */
export const checklist = pgTable(
	'checklist',
	{
		id: text('id').primaryKey(),
		site: text('site').notNull(),
		closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [index('checklist_site_open_idx').on(t.site).where(sql`${t.closedAt} is null`)]
);
