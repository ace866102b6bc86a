import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

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

/**
 * The rounds projection (`evolveRounds`): every round and flagged scan of a site. `state` is the
 * whole row as browsers receive it; the columns are what loads and queries filter on.
 */
export const patrolRound = pgTable(
	'patrol_round',
	{
		site: text('site').notNull(),
		id: text('id').notNull(),
		/** `round` or `flagged_scan`. */
		kind: text('kind').notNull(),
		route: text('route'),
		guard: text('guard'),
		status: text('status').notNull(),
		/** A round's planned start; a flagged scan's receipt. */
		plannedStart: timestamp('planned_start', { withTimezone: true, precision: 3 }).notNull(),
		/** The span in which a scan can still land on it (its first window's start to its last's end plus the late grace). */
		opensAt: timestamp('opens_at', { withTimezone: true, precision: 3 }),
		takesScansUntil: timestamp('takes_scans_until', { withTimezone: true, precision: 3 }),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [
		primaryKey({ columns: [t.site, t.id] }),
		index('patrol_round_scan_idx').on(t.site, t.takesScansUntil).where(sql`${t.kind} = 'round'`),
		index('patrol_round_active_idx').on(t.site).where(sql`${t.status} in ('scheduled', 'in_progress')`),
		index('patrol_round_planned_idx').on(t.site, t.plannedStart)
	]
);

/** The routes and schedules projection (`evolvePatrolPlans`): one row each, `state` the row as browsers receive it. */
export const patrolPlan = pgTable(
	'patrol_plan',
	{
		site: text('site').notNull(),
		id: text('id').notNull(),
		kind: text('kind').notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.id] })]
);

/**
 * The checkpoints of each site's current plan, written with the site's model on import: what
 * the writer looks up to flag a scan of a checkpoint the site does not have.
 */
export const checkpoint = pgTable(
	'checkpoint',
	{
		site: text('site').notNull(),
		id: text('id').notNull()
	},
	(t) => [primaryKey({ columns: [t.site, t.id] })]
);
