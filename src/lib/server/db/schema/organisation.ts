import { bigint, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The organisation projection (`evolveOrganisation`): one row per site that has saved one,
 * `state` the whole SiteOrganisation as browsers receive it (departments, stewards, working day).
 * `version` counts the saves; a save names the version it edited.
 */
export const organisation = pgTable('organisation', {
	site: text('site').primaryKey(),
	version: integer('version').notNull(),
	lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
	state: jsonb('state').notNull()
});
