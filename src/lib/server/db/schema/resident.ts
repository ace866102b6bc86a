import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { site } from './site';

/**
 * Residents of a site, as the service desk records them: the store itself, not a projection of
 * the log (the log says only that a resident was recorded, changed, revealed or erased, by id).
 * Personal data lives here alone, so it can be corrected and erased: an erased row keeps its
 * id, site and unit (tickets still point at it) and loses its name, phone and note.
 * `unit` is a place id of the site's tree (usually a room); no foreign key, because a site's
 * places are replaced on each bundle import while its residents stay.
 */
export const resident = pgTable(
	'resident',
	{
		id: text('id').primaryKey(),
		site: text('site')
			.notNull()
			.references(() => site.id),
		unit: text('unit').notNull(),
		name: text('name'),
		phone: text('phone'),
		note: text('note'),
		createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull(),
		updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
		erasedAt: timestamp('erased_at', { withTimezone: true, precision: 3 })
	},
	(t) => [
		index('resident_site_unit_idx').on(t.site, t.unit),
		check('resident_erased_ck', sql`case when ${t.erasedAt} is null then ${t.name} is not null and ${t.phone} is not null else ${t.name} is null and ${t.phone} is null and ${t.note} is null end`)
	]
);
