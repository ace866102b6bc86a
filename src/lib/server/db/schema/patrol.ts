import { bigint, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Where each guard was last seen: the guard-positions projection, one row per site and guard. */
export const guardPosition = pgTable(
	'guard_position',
	{
		site: text('site').notNull(),
		guard: text('guard').notNull(),
		seq: bigint('seq', { mode: 'number' }).notNull(),
		checkpoint: text('checkpoint').notNull(),
		device: text('device').notNull(),
		/** The handset's time, exactly as it said (an ISO string). */
		at: text('at').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.guard] })]
);
