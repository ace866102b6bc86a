import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** An estate or office park. Its plan (GeoJSON) and names travel as JSON. */
export const site = pgTable('site', {
	id: text('id').primaryKey(),
	name: jsonb('name').notNull(),
	address: jsonb('address').notNull(),
	timeZone: text('time_zone').notNull(),
	center: jsonb('center').notNull(),
	plan: jsonb('plan').notNull(),
	/** The bundle's guards, places (compact, per building) and floor plans, as imported. */
	guards: jsonb('guards').notNull().default([]),
	places: jsonb('places').notNull().default([]),
	floorPlans: jsonb('floor_plans').notNull().default([]),
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
		/** Localized name from the site bundle; null for a device registered without one. */
		name: jsonb('name'),
		online: boolean('online'),
		intervalS: integer('interval_s'),
		lastSeenAt: timestamp('last_seen_at', { withTimezone: true, precision: 3 })
	},
	(t) => [primaryKey({ columns: [t.site, t.id] })]
);

/**
 * Every place of a site (building → unit → floor → room), expanded from the bundle's places by
 * `listPlaces`, so alarms, scans and tickets can refer to a place by id and queries can join on it.
 */
export const place = pgTable(
	'place',
	{
		site: text('site')
			.notNull()
			.references(() => site.id),
		id: text('id').notNull(),
		kind: text('kind').notNull(),
		parent: text('parent'),
		building: text('building').notNull(),
		unit: text('unit'),
		floor: integer('floor'),
		room: text('room')
	},
	(t) => [primaryKey({ columns: [t.site, t.id] }), index('place_parent_idx').on(t.site, t.parent)]
);

/**
 * Site bundles as imported, content-addressed: the SHA-256 of `content` (the bundle as JSON) is
 * the key a `SiteImported` event refers to, so the plan, devices, guards and places as of any seq
 * can be read back, and a bundle imported twice is stored once.
 */
export const siteBundle = pgTable('site_bundle', {
	sha256: text('sha256').primaryKey(),
	content: text('content').notNull(),
	storedAt: timestamp('stored_at', { withTimezone: true, precision: 3 }).notNull()
});
