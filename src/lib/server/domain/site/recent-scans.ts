import { evolveRecentScans, type RecentScan } from '$lib/domain/site/recent-scans';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';

const COLUMNS = 'seq::text as id, site, seq, guard, checkpoint, device, at';

/** A site's newest checkpoint scans (`recent_scan`), what the wall's tile lists: `evolveRecentScans`. */
export const recentScansProjection: Projection<SiteRows<RecentScan>, RecentScan> = {
	name: 'scans',
	async load(tx: Tx, items) {
		const sites = [...new Set(items.flatMap((i) => (i.kind === 'event' && i.event.type === 'CheckpointScanned' ? [i.event.stream] : [])))];
		if (!sites.length) return new SiteRows<RecentScan>();
		return new SiteRows(await tx.unsafe<RecentScan[]>(`select ${COLUMNS} from recent_scan where site = any($1)`, [sites]));
	},
	evolve: (rows, e) => evolveRecentScans(rows.of(e.site), e),
	persist(tx, rows) {
		const changes = [...rows.changes()];
		if (!changes.length) return [];
		const upsert = changes.flatMap(([, c]) => c.upsert);
		const remove = changes.flatMap(([site, c]) => c.remove.map((seq) => ({ site, seq: Number(seq) })));
		return [
			tx`
				with gone as (
					delete from recent_scan r using jsonb_to_recordset(${tx.json(remove as never)}::jsonb) as x(site text, seq int8)
					where r.site = x.site and r.seq = x.seq
				)
				insert into recent_scan (site, seq, guard, checkpoint, device, at)
				select site, seq, guard, checkpoint, device, at
				from jsonb_to_recordset(${tx.json(upsert as never)}::jsonb) as x(id text, site text, seq int8, guard text, checkpoint text, device text, at text)
				on conflict (site, seq) do nothing`.execute()
		];
	},
	updates: (rows) => rows.changes(),
	list: (sql: Queryable, site) => sql.unsafe<RecentScan[]>(`select ${COLUMNS} from recent_scan where site = $1 order by seq desc`, [site])
};
