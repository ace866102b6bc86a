import { bigint, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** A site's newest checkpoint scans (at most a few per site): the recent-scans projection the wall lists. */
export const recentScan = pgTable(
	'recent_scan',
	{
		site: text('site').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		guard: text('guard').notNull(),
		checkpoint: text('checkpoint').notNull(),
		device: text('device').notNull(),
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.seq] })]
);

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
