import { createHash } from 'node:crypto';
import { ID_PATTERN } from '$lib/domain/device/message';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { type EventEnvelope } from '$lib/domain/events';
import { listFeatures, type SiteBundle } from '$lib/domain/site/model';
import { routesOfBundle } from '$lib/domain/patrol/bundle-routes';
import { countPlaces, listPlaces } from '$lib/domain/site/places';
import type { Tx } from '../../db/client';
import { newEvent, type RunCommand } from '../../commands';

async function writeSiteModel(tx: Tx, bundle: SiteBundle): Promise<void> {
	const { site } = bundle;
	if (!ID_PATTERN.test(site.id) || site.id === SYSTEM_STREAM) throw new Error(`invalid site id: ${site.id}`);
	const json = (v: unknown) => tx.json(v as never);
	await tx`
		insert into site (id, name, address, time_zone, center, plan, guards, places, floor_plans)
		values (${site.id}, ${json(site.name)}, ${json(site.address)}, ${site.timeZone}, ${json(site.center)}, ${json(bundle.plan)},
			${json(bundle.guards)}, ${json(bundle.places ?? [])}, ${json(bundle.floorPlans ?? [])})
		on conflict (id) do update set name = excluded.name, address = excluded.address, time_zone = excluded.time_zone,
			center = excluded.center, plan = excluded.plan, guards = excluded.guards, places = excluded.places,
			floor_plans = excluded.floor_plans`;
	await tx`insert into stream_head (stream, seq) values (${site.id}, 0) on conflict do nothing`;
	// Devices left out of a bundle stay: they have history and credentials; revoking is the admin's step.
	if (bundle.devices.length > 0) {
		const rows = bundle.devices.map((d) => ({ site: site.id, id: d.id, kind: d.kind, name: d.name as never }));
		await tx`
			insert into device ${tx(rows, 'site', 'id', 'kind', 'name')}
			on conflict (site, id) do update set kind = excluded.kind, name = excluded.name`;
	}
	await tx`delete from checkpoint where site = ${site.id}`;
	const checkpoints = listFeatures(bundle, 'checkpoint').map((c) => ({ site: site.id, id: c.properties.id }));
	for (let i = 0; i < checkpoints.length; i += 10_000) await tx`insert into checkpoint ${tx(checkpoints.slice(i, i + 10_000), 'site', 'id')}`;
	await tx`delete from place where site = ${site.id}`;
	const places = listPlaces(bundle.places ?? []).map((p) => ({ site: site.id, ...p }));
	// In slices: one statement's parameters are limited to 65,535.
	for (let i = 0; i < places.length; i += 5_000) {
		await tx`insert into place ${tx(places.slice(i, i + 5_000), 'site', 'id', 'kind', 'parent', 'building', 'unit', 'floor', 'room')}`;
	}
}

export type ImportOutcome = { ok: true; created: boolean; envelopes: EventEnvelope[] } | { ok: false; reason: 'exists' };

/**
 * A checked bundle becomes the site's model, is stored by its SHA-256 (once, however often it is
 * imported), and a `SiteImported` event in its stream says who imported which, in the same
 * transaction: the log can give the plan as of any seq. Its patrol routes follow as
 * `RouteDefined` and `ScheduleDefined` (see `routesOfBundle`). An existing site is
 * replaced only when asked, so a typo in an id cannot overwrite another estate.
 */
export async function importSiteBundle(run: RunCommand, bundle: SiteBundle, actor: { kind: 'user' | 'system'; id: string }, opts: { replace: boolean }): Promise<ImportOutcome> {
	const content = JSON.stringify(bundle);
	const sha256 = createHash('sha256').update(content).digest('hex');
	let created = false;
	const outcome = await run<'exists'>(
		bundle.site.id,
		async ({ tx, head, now }) => {
			if (head !== null && !opts.replace) return { ok: false, reason: 'exists' };
			created = head === null;
			await writeSiteModel(tx, bundle);
			await tx`insert into site_bundle (sha256, content, stored_at) values (${sha256}, ${content}, ${now}) on conflict (sha256) do nothing`;
			const data = {
				sha256,
				timeZone: bundle.site.timeZone,
				replaced: !created,
				features: bundle.plan.features.length,
				devices: bundle.devices.length,
				guards: bundle.guards.length,
				places: countPlaces(bundle.places ?? []),
				floorPlans: bundle.floorPlans?.length ?? 0
			};
			const by = { stream: bundle.site.id, sourceKind: actor.kind, sourceId: actor.id } as const;
			// The bundle's routes and their schedules, (re)defined after the import that carries them;
			// routes made on the admin pages and absent from the bundle are left as they are.
			const patrol = routesOfBundle(bundle).flatMap(({ route, schedule }) => [
				newEvent({ ...by, type: 'RouteDefined', data: route }, now),
				newEvent({ ...by, type: 'ScheduleDefined', data: schedule }, now)
			]);
			return { ok: true, events: [newEvent({ ...by, type: 'SiteImported', data }, now), ...patrol] };
		},
		{ channel: 'http', topic: null, raw: Buffer.from(sha256) }
	);
	return outcome.ok ? { ok: true, created, envelopes: outcome.envelopes } : outcome;
}
