import { evolveFindings, findings, type Finding } from '$lib/domain/finding/findings';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import { listAllFindingRows, listOpenFindingRows } from './queries';

/**
 * Findings (`finding`): `evolveFindings`. Loads only the rows a batch's reports name (to keep the
 * first report under an id) and those a ticket is opened from, so a batch without either reads nothing.
 */
export const findingsProjection: Projection<SiteRows<Finding>, Finding> = {
	name: 'findings',
	rule: findings,
	async load(tx, items) {
		const named = items.flatMap((i) => {
			if (i.kind !== 'event') return [];
			if (i.event.type === 'FindingReported') return [{ site: i.event.stream, id: i.event.data.finding }];
			if (i.event.type === 'TicketOpened' && i.event.data.origin.kind === 'finding' && i.event.data.origin.id) return [{ site: i.event.stream, id: i.event.data.origin.id }];
			return [];
		});
		if (!named.length) return new SiteRows();
		const sites = [...new Set(named.map((n) => n.site))];
		const ids = [...new Set(named.map((n) => n.id))];
		return new SiteRows((await tx<{ state: Finding }[]>`select state from finding where site = any(${sites}) and id = any(${ids})`).map((r) => r.state));
	},
	evolve: (rows, e) => evolveFindings(rows.of(e.site), e),
	persist(tx, rows) {
		const writes: Promise<unknown>[] = [];
		for (const [site, { upsert, remove }] of rows.changes()) {
			if (upsert.length) writes.push(upsertFindings(tx, upsert).execute());
			if (remove.length) writes.push(tx`delete from finding where site = ${site} and id = any(${remove})`.execute());
		}
		return writes;
	},
	updates: (rows) => rows.changes(),
	list: (sql, site) => listOpenFindingRows(sql, site),
	stored: (sql, site) => listAllFindingRows(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from finding where site = ${site}`;
		if (rows.length) await upsertFindings(tx, rows);
	}
};

function upsertFindings(tx: Tx | Queryable, rows: readonly Finding[]) {
	const q = tx as Tx;
	const values = rows.map((f) => ({ site: f.site, id: f.id, status: f.status, reported_at: f.reportedAt, seq: f.seq, state: f }));
	return q`
		insert into finding (site, id, status, reported_at, seq, state)
		select site, id, status, reported_at, seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(site text, id text, status text, reported_at timestamptz, seq bigint, state jsonb)
		on conflict (site, id) do update set status = excluded.status, reported_at = excluded.reported_at, seq = excluded.seq, state = excluded.state`;
}
