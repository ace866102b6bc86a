import { dailyCounts, evolveDailyCounts, type DailyCounts } from '$lib/domain/site/daily-counts';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, streamsOf, type Projection } from '../../event-log/projection';

interface DailyCountsState {
	rows: SiteRows<DailyCounts>;
	timeZones: Map<string, string>;
}

/**
 * Events per type per local day of each site (`daily_count`): the console's "today" counters,
 * `evolveDailyCounts`. A batch loads its sites' time zones and their rows of the last two days.
 */
export const dailyCountsProjection: Projection<DailyCountsState, DailyCounts> = {
	name: 'counts',
	rule: dailyCounts,
	async load(tx: Tx, items) {
		const state: DailyCountsState = { rows: new SiteRows<DailyCounts>(), timeZones: new Map() };
		const sites = streamsOf(items);
		if (!sites.length) return state;
		let earliest = Infinity;
		for (const i of items) {
			const t = i.kind === 'event' ? i.event.receivedAt : i.kind === 'status' ? i.status.receivedAt : null;
			if (t && t.getTime() < earliest) earliest = t.getTime();
		}
		const rows = await tx<{ site: string; time_zone: string; day: string | null; counts: DailyCounts['counts'] | null }[]>`
			select s.id as site, s.time_zone, c.day, c.counts
			from site s left join daily_count c
				on c.site = s.id and c.day >= to_char((${new Date(earliest).toISOString()}::timestamptz - interval '1 day') at time zone s.time_zone, 'YYYY-MM-DD')
			where s.id = any(${sites})`;
		for (const r of rows) state.timeZones.set(r.site, r.time_zone);
		state.rows = new SiteRows(rows.flatMap((r) => (r.day && r.counts ? [{ id: r.day, site: r.site, day: r.day, counts: r.counts }] : [])));
		return state;
	},
	evolve(state, e) {
		const timeZone = state.timeZones.get(e.site);
		if (timeZone) evolveDailyCounts(state.rows.of(e.site), e, timeZone);
	},
	persist(tx, state) {
		const changed = state.rows.upserted();
		if (!changed.length) return [];
		return [
			tx`
				insert into daily_count (site, day, counts)
				select site, day, counts from jsonb_to_recordset(${tx.json(changed as never)}::jsonb) as x(site text, day text, counts jsonb)
				on conflict (site, day) do update set counts = excluded.counts`.execute()
		];
	},
	updates: (state) => state.rows.changes(),
	/** Yesterday's and today's rows: the browser picks today's by its clock (`countsOn`). */
	list: (sql: Queryable, site, now) =>
		sql<DailyCounts[]>`
			select c.day as id, c.site, c.day, c.counts from daily_count c join site s on s.id = c.site
			where c.site = ${site} and c.day >= to_char((${now.toISOString()}::timestamptz - interval '1 day') at time zone s.time_zone, 'YYYY-MM-DD') order by c.day`,
	stored: (sql, site) => sql<DailyCounts[]>`select day as id, site, day, counts from daily_count where site = ${site} order by day`,
	async replace(tx, site, rows) {
		await tx`delete from daily_count where site = ${site}`;
		if (!rows.length) return;
		await tx`
			insert into daily_count (site, day, counts)
			select site, day, counts from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(site text, day text, counts jsonb)`;
	}
};
