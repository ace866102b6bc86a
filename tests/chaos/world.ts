// A chaos scenario's world: a private PostgreSQL (or the embedded one), the app, a broker that
// the scenario may stop (the embedded Aedes, or a private Mosquitto configured by our own
// export, as in production), sites with devices, and dashboards following each site.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { createSite, makeTempDir, profile, startApp, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { ProjectionsDrift } from '../fixtures/projections-check';
import { freePort } from '../fixtures/ports';
import { startPrivateMosquitto, startPrivatePostgres } from '../fixtures/private-services';
import { startTcpProxy } from '../fixtures/tcp-proxy';
import { exportMosquitto, mosquittoFiles, type MosquittoFiles } from '../../src/lib/server/mqtt/mosquitto-export';
import { BRIDGE_USERNAME } from '../../src/lib/server/mqtt/acl';
import { ChaosDashboard, ChaosLoad, checkRun, scale } from './harness';

/** The broker under test: Mosquitto with external services, the embedded Aedes otherwise (`CHAOS_BROKER` overrides). */
export const BROKER: 'aedes' | 'mosquitto' =
	process.env.CHAOS_BROKER === 'mosquitto' || process.env.CHAOS_BROKER === 'aedes'
		? process.env.CHAOS_BROKER
		: profile.mqttUrl
			? 'mosquitto'
			: 'aedes';

export interface WorldOptions {
	/** The embedded PostgreSQL in a data folder instead of a private server (only with Aedes). */
	embeddedDatabase?: boolean;
	/** Mosquitto's queue per bridge session: ours (the export's) or the broker's default of 1000. */
	queue?: 'production' | 'default';
	bridgeConnections?: number;
	/** Dashboards reach the app through a relay the scenario can cut. */
	relay?: boolean;
	env?: Record<string, string>;
	sites?: number;
	devicesPerSite?: number;
	dashboardsPerSite?: number;
	rate?: number;
	copies?: number;
	poisonEvery?: number;
	confirm?: 'puback' | 'receipt';
}

export type World = Awaited<ReturnType<typeof startWorld>>;

export async function startWorld(opts: WorldOptions = {}) {
	const runId = `c${randomBytes(3).toString('hex')}`;
	const cleanups: (() => Promise<unknown>)[] = [];
	const dispose = async () => {
		// Clean-ups of what a scenario broke may fail and are let go; a projection that drifted from its rule is not.
		let drift: unknown = null;
		for (const c of cleanups.splice(0).reverse()) await c().catch((err) => (drift ??= err instanceof ProjectionsDrift ? err : null));
		if (drift) throw drift;
	};
	try {
		const pg = opts.embeddedDatabase ? undefined : await startPrivatePostgres();
		if (pg) cleanups.push(() => pg.dispose());
		// Enough parallel commits to drain a backlog of resends in time (the product default is 128).
		const bridgeConnections = opts.bridgeConnections ?? 32;
		let broker: Awaited<ReturnType<typeof startPrivateMosquitto>> | undefined;
		let mosquittoDir: string | undefined;
		const bridgePassword = randomBytes(18).toString('base64url');
		const writeBrokerFiles = async (files: MosquittoFiles) => {
			// The broker's default queue limit: the export's line left out.
			const conf = opts.queue === 'default' ? files.conf.replace(/^max_queued_messages .*\n/m, '') : files.conf;
			await fs.writeFile(path.join(mosquittoDir!, 'passwd'), files.passwd, { mode: 0o644 });
			await fs.writeFile(path.join(mosquittoDir!, 'acl'), files.acl, { mode: 0o644 });
			await fs.writeFile(path.join(mosquittoDir!, 'shouwang.conf'), conf, { mode: 0o644 });
		};
		let listener = { port: 0, host: '127.0.0.1' };
		if (BROKER === 'mosquitto') {
			mosquittoDir = await makeTempDir('shouwang-chaos-mosq-');
			cleanups.push(() => fs.rm(mosquittoDir!, { recursive: true, force: true }));
			listener = { port: await freePort(), host: '127.0.0.1' };
			await writeBrokerFiles(mosquittoFiles([], { bridgePassword, bridgeConnections, dir: mosquittoDir, listener }));
			broker = await startPrivateMosquitto({ include: mosquittoDir, port: listener.port });
			cleanups.push(() => broker!.dispose());
		}
		const dataDir = opts.embeddedDatabase ? await makeTempDir('shouwang-chaos-data-') : undefined;
		if (dataDir) cleanups.push(() => fs.rm(dataDir, { recursive: true, force: true }));
		const app: RunningApp = await startApp({
			databaseUrl: pg?.url ?? null,
			dataDir,
			mqttUrl: broker ? `mqtt://${BRIDGE_USERNAME}:${bridgePassword}@127.0.0.1:${listener.port}` : null,
			env: { DB_TIMEOUT_MS: '3000', LOG_LEVEL: 'warn', MQTT_BRIDGE_CONNECTIONS: String(bridgeConnections), ...opts.env }
		});
		cleanups.push(() => app.dispose());

		const sites = Array.from({ length: opts.sites ?? 4 }, (_, i) => `${runId}-s${i}`);
		for (const s of sites) await createSite(app.sql, s);
		const logins: DeviceLogin[] = [];
		for (const s of sites) for (let d = 0; d < (opts.devicesPerSite ?? 3); d++) logins.push(await app.device(s, `GW-${d}`));
		if (broker) {
			// The devices exist now: export them and reload the broker, as an operator would.
			await writeBrokerFiles(await exportMosquitto(app.sql, { bridgePassword, bridgeConnections, dir: mosquittoDir!, listener }));
			broker.reload();
			await new Promise((r) => setTimeout(r, 500));
		}

		const relay = opts.relay ? await startTcpProxy({ port: app.port }) : undefined;
		if (relay) cleanups.push(() => relay.close());
		const dashboardUrl = relay?.url ?? app.baseUrl;
		const dashboards: ChaosDashboard[] = [];
		cleanups.push(async () => dashboards.forEach((d) => d.close()));
		for (const s of sites) {
			const [{ seq }] = await app.sql<{ seq: number }[]>`select seq::int from stream_head where stream = ${s}`;
			for (let k = 0; k < (opts.dashboardsPerSite ?? 2); k++) dashboards.push(new ChaosDashboard(dashboardUrl, app.cookie, s, seq));
		}
		await Promise.all(dashboards.map((d) => d.joined));

		const load = await ChaosLoad.connect({
			url: broker?.url ?? app.mqttUrl,
			logins,
			rate: opts.rate ?? scale.rate,
			runId,
			copies: opts.copies,
			poisonEvery: opts.poisonEvery,
			confirm: opts.confirm
		});
		cleanups.push(() => load.close());

		return {
			runId,
			pg,
			broker,
			app,
			relay,
			sites,
			load,
			dashboards,
			check: (scenario: string, settleMs?: number) =>
				checkRun({ scenario, broker: BROKER, sql: app.sql, load, dashboards, sites, runId, settleMs }),
			/** On failure, what the app and broker said last. */
			diagnostics: () => `--- app ---\n${app.logs().slice(-4000)}\n--- broker ---\n${broker?.logs().slice(-2000) ?? '(embedded)'}`,
			dispose
		};
	} catch (err) {
		await dispose();
		throw err;
	}
}
