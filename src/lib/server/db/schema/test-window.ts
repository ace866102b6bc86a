import { bigint, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The test-mode projection: windows started and not yet ended, from `TestModeStarted` and
 * `TestModeEnded`, kept in the appending transaction. `point` '' is the whole device.
 */
export const testWindow = pgTable(
	'test_window',
	{
		site: text('site').notNull(),
		device: text('device').notNull(),
		point: text('point').notNull(),
		until: timestamp('until', { withTimezone: true, precision: 3 }).notNull(),
		reason: text('reason').notNull(),
		startedBy: text('started_by').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }).notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.device, t.point] })]
);
