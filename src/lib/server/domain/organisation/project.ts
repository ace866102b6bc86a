import type { SiteOrganisation } from '$lib/domain/organisation/model';
import { applyOrganisationEvent, organisation } from '$lib/domain/organisation/evolve';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { WriteItem } from '../../event-log/types';
import { getOrganisation, listOrganisations } from './queries';

/** The sites whose organisation a batch saves: only the admin's command sends these. */
function savedBy(items: readonly WriteItem[]): string[] {
	const sites = new Set<string>();
	for (const item of items) if (item.kind === 'event' && item.event.type === 'OrganisationUpdated') sites.add(item.event.stream);
	return [...sites];
}

/**
 * The organisation (`organisation`): `evolveOrganisation`, one row per site. A batch without an
 * `OrganisationUpdated` (every device batch, every other command) reads nothing.
 */
export const organisationProjection: Projection<SiteRows<SiteOrganisation>, SiteOrganisation> = {
	name: 'organisation',
	rule: organisation,
	async load(tx, items) {
		const sites = savedBy(items);
		return new SiteRows(sites.length ? await listOrganisations(tx, sites) : []);
	},
	evolve: (rows, e) => void applyOrganisationEvent(rows.of(e.site), e),
	persist(tx, rows) {
		const changed = rows.upserted();
		return changed.length ? [upsertOrganisations(tx, changed).execute()] : [];
	},
	updates: (rows) => rows.changes(),
	list: async (sql, site) => {
		const row = await getOrganisation(sql, site);
		return row ? [row] : [];
	},
	stored: async (sql, site) => {
		const row = await getOrganisation(sql, site);
		return row ? [row] : [];
	},
	async replace(tx, site, rows) {
		await tx`delete from organisation where site = ${site}`;
		if (rows.length) await upsertOrganisations(tx, rows);
	}
};

function upsertOrganisations(tx: Tx | Queryable, rows: readonly SiteOrganisation[]) {
	const q = tx as Tx;
	const values = rows.map((o) => ({ site: o.site, version: o.version, last_seq: o.lastSeq, state: o }));
	return q`
		insert into organisation (site, version, last_seq, state)
		select site, version, last_seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(site text, version int, last_seq int8, state jsonb)
		on conflict (site) do update set version = excluded.version, last_seq = excluded.last_seq, state = excluded.state`;
}
