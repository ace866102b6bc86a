import { evolveGuardPositions, guardPositions, type GuardPosition } from '$lib/domain/patrol/guard-positions';
import { SiteRows, type Projection } from '../../event-log/projection';
import { listGuardPositions } from './queries';

/**
 * Where each guard was last seen (`guard_position`): `evolveGuardPositions`, one row per site and
 * guard. It loads nothing: a batch's events are numbered after every stored one, so each of its
 * scans is newer than any stored position, and the upsert keeps the higher seq regardless.
 */
export const guardPositionsProjection: Projection<SiteRows<GuardPosition>, GuardPosition> = {
	name: 'guards',
	rule: guardPositions,
	load: async () => new SiteRows<GuardPosition>(),
	evolve: (rows, e) => evolveGuardPositions(rows.of(e.site), e),
	persist(tx, rows) {
		const changed = rows.upserted();
		if (!changed.length) return [];
		return [
			tx`
				insert into guard_position (site, guard, seq, checkpoint, device, at)
				select site, guard, seq, checkpoint, device, at
				from jsonb_to_recordset(${tx.json(changed as never)}::jsonb) as x(site text, guard text, seq int8, checkpoint text, device text, at text)
				on conflict (site, guard) do update set seq = excluded.seq, checkpoint = excluded.checkpoint, device = excluded.device, at = excluded.at
				where guard_position.seq < excluded.seq`.execute()
		];
	},
	updates: (rows) => rows.changes(),
	list: (sql, site) => listGuardPositions(sql, site),
	stored: (sql, site) => listGuardPositions(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from guard_position where site = ${site}`;
		if (!rows.length) return;
		await tx`
			insert into guard_position (site, guard, seq, checkpoint, device, at)
			select site, guard, seq, checkpoint, device, at
			from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(site text, guard text, seq int8, checkpoint text, device text, at text)`;
	}
};
