import { boolean, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** An estate or office park. Its plan (GeoJSON) and names travel as JSON. */
export const site = pgTable('site', {
	id: text('id').primaryKey(),
	name: jsonb('name').notNull(),
	address: jsonb('address').notNull(),
	timeZone: text('time_zone').notNull(),
	center: jsonb('center').notNull(),
	plan: jsonb('plan').notNull(),
	createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
});

/** A device's last known state; heartbeats update it, only online ↔ offline changes are events. */
export const device = pgTable(
	'device',
	{
		site: text('site')
			.notNull()
			.references(() => site.id),
		id: text('id').notNull(),
		kind: text('kind'),
		online: boolean('online'),
		intervalS: integer('interval_s'),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 })
	},
	(t) => [primaryKey({ columns: [t.site, t.id] })]
);
