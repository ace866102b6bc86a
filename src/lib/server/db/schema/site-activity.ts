import { jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * A site's newest checkpoint scans, the recent-scans projection the wall lists: one row per site
 * holding the few scans as a JSON array, updated in place each batch (a row per scan, deleted as
 * newer ones come, would leave the table full of dead rows at thousands of scans a second).
 */
export const recentScan = pgTable('recent_scan', {
	site: text('site').primaryKey(),
	scans: jsonb('scans').notNull()
});

/** Events per type per local day (YYYY-MM-DD in the site's time zone): the daily-counts projection. */
export const dailyCount = pgTable(
	'daily_count',
	{
		site: text('site').notNull(),
		day: text('day').notNull(),
		counts: jsonb('counts').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.day] })]
);
