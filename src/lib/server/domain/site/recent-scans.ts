import { evolveRecentScans, recentScans, sortRecentScans, type RecentScan } from '$lib/domain/site/recent-scans';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';

/**
 * A site's newest checkpoint scans, what the wall's tile lists: `evolveRecentScans`. Stored as one
 * row per site (`recent_scan.scans`, the rows as a JSON array), rewritten in place when a batch
 * changes them.
 */
export const recentScansProjection: Projection<SiteRows<RecentScan>, RecentScan> = {
	name: 'scans',
	rule: recentScans,
	async load(tx: Tx, items) {
		const sites = [...new Set(items.flatMap((i) => (i.kind === 'event' && i.event.type === 'CheckpointScanned' ? [i.event.stream] : [])))];
		if (!sites.length) return new SiteRows<RecentScan>();
		const rows = await tx<{ scans: RecentScan[] }[]>`select scans from recent_scan where site = any(${sites})`;
		return new SiteRows(rows.flatMap((r) => r.scans));
	},
	evolve: (rows, e) => evolveRecentScans(rows.of(e.site), e),
	persist(tx, rows) {
		const sites = [...rows.changes().keys()].map((site) => ({ site, scans: sortRecentScans(rows.of(site).values()) }));
		if (!sites.length) return [];
		return [
			tx`
				insert into recent_scan (site, scans)
				select site, scans from jsonb_to_recordset(${tx.json(sites as never)}::jsonb) as x(site text, scans jsonb)
				on conflict (site) do update set scans = excluded.scans`.execute()
		];
	},
	updates: (rows) => rows.changes(),
	list: (sql, site) => listRecentScans(sql, site),
	stored: (sql, site) => listRecentScans(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from recent_scan where site = ${site}`;
		if (rows.length) await tx`insert into recent_scan (site, scans) values (${site}, ${tx.json(sortRecentScans(rows) as never)})`;
	}
};

async function listRecentScans(sql: Queryable, site: string): Promise<RecentScan[]> {
	const [row] = await sql<{ scans: RecentScan[] }[]>`select scans from recent_scan where site = ${site}`;
	return row?.scans ?? [];
}
