import { ID_PATTERN } from '$lib/domain/device-message';
import { SYSTEM_STREAM } from '$lib/domain/event';
import type { SiteBundle } from '$lib/domain/site';
import type { Sql } from '../../db/client';

/**
 * Create a site, or update its descriptive data if it exists, together with its event
 * stream (the stream head at seq 0) and its devices, in one transaction.
 */
export async function upsertSite(sql: Sql, bundle: SiteBundle): Promise<void> {
	const { site } = bundle;
	if (!ID_PATTERN.test(site.id) || site.id === SYSTEM_STREAM) throw new Error(`invalid site id: ${site.id}`);
	await sql.begin(async (tx) => {
		await tx`
			insert into site (id, name, address, time_zone, center, plan)
			values (${site.id}, ${tx.json(site.name)}, ${tx.json(site.address)}, ${site.timeZone}, ${tx.json(site.center)}, ${tx.json(bundle.plan as never)})
			on conflict (id) do update set name = excluded.name, address = excluded.address,
				time_zone = excluded.time_zone, center = excluded.center, plan = excluded.plan`;
		await tx`insert into stream_head (stream, seq) values (${site.id}, 0) on conflict do nothing`;
		for (const d of bundle.devices) {
			await tx`
				insert into device (site, id, kind) values (${site.id}, ${d.id}, ${d.kind})
				on conflict (site, id) do update set kind = excluded.kind`;
		}
	});
}
