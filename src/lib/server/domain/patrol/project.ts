import { evolveGuardPositions, type GuardPosition } from '$lib/domain/patrol/guard-positions';
import type { Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import { listGuardPositions } from './queries';

const hasScans = (items: Parameters<Projection['load']>[1]) =>
	items.flatMap((i) => (i.kind === 'event' && i.event.type === 'CheckpointScanned' ? [{ site: i.event.stream, guard: i.event.data.guard }] : []));

/** Where each guard was last seen (`guard_position`): `evolveGuardPositions`, one row per site and guard. */
export const guardPositionsProjection: Projection<SiteRows<GuardPosition>, GuardPosition> = {
	name: 'guards',
	async load(tx: Tx, items) {
		const wanted = hasScans(items);
		if (!wanted.length) return new SiteRows<GuardPosition>();
		const rows = await tx<GuardPosition[]>`
			select g.guard as id, g.site, g.guard, g.seq, g.checkpoint, g.device, g.at
			from guard_position g join jsonb_to_recordset(${tx.json(wanted as never)}::jsonb) as w(site text, guard text)
				on g.site = w.site and g.guard = w.guard`;
		return new SiteRows(rows);
	},
	evolve: (rows, e) => evolveGuardPositions(rows.of(e.site), e),
	persist(tx, rows) {
		const changed = rows.upserted();
		if (!changed.length) return [];
		return [
			tx`
				insert into guard_position (site, guard, seq, checkpoint, device, at)
				select site, guard, seq, checkpoint, device, at
				from jsonb_to_recordset(${tx.json(changed as never)}::jsonb) as x(site text, guard text, seq int8, checkpoint text, device text, at text)
				on conflict (site, guard) do update set seq = excluded.seq, checkpoint = excluded.checkpoint, device = excluded.device, at = excluded.at`.execute()
		];
	},
	updates: (rows) => rows.changes(),
	list: (sql, site) => listGuardPositions(sql, site)
};
