import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { countSites } from '../domain/site/queries';
import { upsertSite } from '../domain/site/commands';
import { recordAudit } from '../auth/audit';
import { createDevice, rotateDeviceSecret, type DeviceAuthenticator } from '../auth/devices';
import { demoEstate } from './estate';
import { startSimulator, type DeviceLogin } from './simulator';

/** Load the demo estate into an empty database; a database that has sites is left alone. */
export async function seedDemo(sql: Sql, log: Logger): Promise<void> {
	if ((await countSites(sql)) > 0) return;
	await upsertSite(sql, demoEstate);
	log.info({ site: demoEstate.site.id }, 'demo estate loaded');
}

/**
 * The demo devices' own credentials, kept in DATA_DIR/demo-devices.json (mode 0600) so the
 * simulator can sign in at every start. A device whose saved secret no longer works (new
 * database, revoked) is issued a new one, through the same commands an admin uses.
 */
export async function seedDemoDevices(
	deps: { sql: Sql; run: RunCommand; log: Logger },
	opts: { dataDir: string; devices: DeviceAuthenticator }
): Promise<Record<string, DeviceLogin> | null> {
	const site = demoEstate.site.id;
	const [exists] = await deps.sql`select 1 from site where id = ${site}`;
	if (!exists) {
		deps.log.warn({ site }, 'demo estate not in this database (it has other sites): no simulated traffic');
		return null;
	}
	const file = path.join(opts.dataDir, 'demo-devices.json');
	const saved = await fs.readFile(file, 'utf8').then((text) => JSON.parse(text) as Record<string, DeviceLogin>, () => ({}) as Record<string, DeviceLogin>);
	const logins: Record<string, DeviceLogin> = {};
	let changed = false;
	for (const d of demoEstate.devices) {
		const known = saved[d.id];
		if (known && (await opts.devices.verify(known.username, known.password))) {
			logins[d.id] = known;
			continue;
		}
		const created = await createDevice(deps.sql, { site, id: d.id, kind: d.kind, createdBy: null });
		const issued = created === 'exists' ? (await rotateDeviceSecret(deps.sql, site, d.id))! : created;
		opts.devices.forget(issued.username);
		await recordAudit(deps.run, {
			type: created === 'exists' ? 'DeviceCredentialRotated' : 'DeviceCreated',
			actor: { kind: 'system', id: 'demo' },
			site,
			data: { device: d.id, kind: d.kind, username: issued.username }
		});
		logins[d.id] = { username: issued.username, password: issued.password };
		changed = true;
	}
	if (changed) {
		await fs.mkdir(opts.dataDir, { recursive: true });
		await fs.writeFile(file, JSON.stringify(logins, null, 2), { mode: 0o600 });
	}
	return logins;
}

/** The demo's live traffic: the simulator's devices over a real MQTT connection each. */
export function startDemoTraffic(opts: { mqttUrl: string; credentials: Record<string, DeviceLogin>; rate: number; log: Logger }) {
	return startSimulator({
		mqttUrl: opts.mqttUrl,
		credentials: opts.credentials,
		bundle: demoEstate,
		ratePerSecond: opts.rate,
		log: opts.log.child({ component: 'simulator' })
	});
}
