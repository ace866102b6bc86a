import fs from 'node:fs/promises';
import path from 'node:path';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { countSites } from '../domain/site/queries';
import { importSiteBundle } from '../domain/site/commands';
import { createDeviceCommand, rotateDeviceSecretCommand } from '../auth/device-commands';
import type { DeviceAuthenticator } from '../auth/devices';
import { demoEstate } from './estate';
import { seedDemoUsers, type DemoCredential } from '../auth/bootstrap';
import type { Config } from '../config';
import { seedDemoOrganisation } from './organisation';
import { startSimulator, type DeviceLogin } from './simulator';

/** Load the demo estate into an empty database; a database that has sites is left alone. */
export async function seedDemo(deps: { sql: Sql; run: RunCommand; log: Logger }): Promise<void> {
	const { sql, run, log } = deps;
	if ((await countSites(sql)) > 0) return;
	// Imported like any estate, so the log holds its bundle from seq 1.
	const outcome = await importSiteBundle(run, demoEstate, { kind: 'system', id: 'demo' }, { replace: false });
	if (!outcome.ok) return;
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
		const actor = { kind: 'system', id: 'demo' } as const;
		const created = await createDeviceCommand(deps.run, { site, id: d.id, kind: d.kind }, actor, {});
		const outcome = !created.ok && created.reason === 'exists' ? await rotateDeviceSecretCommand(deps.run, site, d.id, actor, {}) : created;
		if (!outcome.ok) throw new Error(`demo device ${d.id} not issued a credential: ${outcome.reason}`);
		const { issued } = outcome;
		opts.devices.forget(issued.username);
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

/**
 * Demo mode at start-up: the estate (imported once), one account per role (printed), the estate's
 * organisation naming them (saved once), and, with
 * SIMULATOR_RATE > 0, the demo devices' credentials and their live traffic, stopped with the app.
 */
export async function startDemo(
	deps: { sql: Sql; run: RunCommand; log: Logger },
	opts: { config: Config; devices: DeviceAuthenticator; mqttUrl: string; log: Logger; onStop: (name: string, undo: () => unknown) => void }
): Promise<DemoCredential[]> {
	const { config } = opts;
	await seedDemo(deps);
	// The demo guard's phone walks as the estate's first guard, whose rounds the simulator also walks.
	const accounts = await seedDemoUsers(deps, {
		dataDir: config.dataDir,
		site: demoEstate.site.id,
		adminPassword: config.adminPassword,
		guard: demoEstate.guards[0]?.id
	});
	await seedDemoOrganisation(deps, demoEstate.site.id);
	const list = accounts.map((c) => `    ${c.role.padEnd(9)} ${c.username} / ${c.password}`).join('\n');
	if (list) console.log(`\n  Demo accounts (shown on the login page in demo mode):\n${list}\n`);
	const credentials = config.simulatorRate > 0 ? await seedDemoDevices(deps, { dataDir: config.dataDir, devices: opts.devices }) : null;
	if (credentials) {
		const traffic = await startDemoTraffic({ mqttUrl: opts.mqttUrl, credentials, rate: config.simulatorRate, log: opts.log });
		opts.onStop('simulator', () => traffic.stop());
	}
	return accounts;
}
