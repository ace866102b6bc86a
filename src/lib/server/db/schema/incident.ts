import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * The incidents projection: `evolveIncident` (lib/domain/incident.ts) applied to the log in the
 * same transaction as the events, so it is never behind them. `state` is the whole Incident as
 * the browser receives it; the columns are what queries filter and sort on.
 */
export const incident = pgTable(
	'incident',
	{
		id: text('id').primaryKey(),
		site: text('site').notNull(),
		device: text('device').notNull(),
		point: text('point').notNull(),
		kind: text('kind').notNull(),
		status: text('status').notNull(),
		priority: integer('priority').notNull(),
		openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull(),
		lastSeq: bigint('last_seq', { mode: 'number' }).notNull(),
		state: jsonb('state').notNull()
	},
	(t) => [
		// One open incident per (site, device, point, kind): repeats count on it.
		uniqueIndex('incident_open_uq')
			.on(t.site, t.device, t.point, t.kind)
			.where(sql`${t.status} not in ('resolved', 'closed')`),
		index('incident_site_status_idx').on(t.site, t.status)
	]
);
