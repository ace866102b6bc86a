import { spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { connectDashboard, isoNow } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';

const hasMosquittoClients = spawnSync('sh', ['-c', 'command -v mosquitto_pub && command -v mosquitto_sub']).status === 0;

// The contract holds for a client nobody here wrote: Mosquitto's own command-line tools.
describe.skipIf(!hasMosquittoClients)('a foreign MQTT client', () => {
	let app: RunningApp;
	let site: string;
	let login: DeviceLogin;
	beforeAll(async () => {
		app = await startApp();
		site = uniqueId('foreign');
		await createSite(app.sql, site);
		login = await app.device(site, 'HH-77', 'guard_handheld');
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('mosquitto_pub: the scan reaches /api/events, every dashboard, and a receipt comes back', async () => {
		const { hostname, port } = new URL(app.mqttUrl);
		const dashboards = await Promise.all([connectDashboard(app.baseUrl, app.cookie), connectDashboard(app.baseUrl, app.cookie)]);
		const heartbeats: { lastIngestAt: string | null }[] = [];
		dashboards[0].socket.on('server:heartbeat', (h) => heartbeats.push(h));
		for (const d of dashboards) expect((await d.join(site, 0)).ok).toBe(true);

		const receipts: string[] = [];
		// Two connections of one device: the client ids are its username plus a suffix.
		const auth = (suffix: string) => ['-u', login.username, '-P', login.password, '-i', `${login.username}/${suffix}`];
		const sub = spawn('mosquitto_sub', ['-h', hostname, '-p', port, '-q', '1', '-t', `sites/${site}/devices/HH-77/receipts`, ...auth('sub')]);
		sub.stdout.on('data', (c: Buffer) => receipts.push(...c.toString().trim().split('\n')));
		try {
			// mosquitto_sub has no "subscribed" signal: publish a probe until its receipt shows up.
			const body = (id: string) => JSON.stringify({ id, guard: 'G-001', checkpoint: 'CP-G1', at: isoNow(), method: 'qr' });
			const pub = (id: string) => spawnSync('mosquitto_pub', ['-h', hostname, '-p', port, '-q', '1', '-t', `sites/${site}/devices/HH-77/scans`, '-m', body(id), ...auth('pub')]);
			await waitFor(() => {
				expect(pub('probe').status).toBe(0);
				return receipts.some((r) => r.includes('"probe"')) ? true : undefined;
			}, 20_000, 'the subscriber to be ready');

			expect(pub('foreign-1').status).toBe(0);
			await waitFor(() => (receipts.some((r) => r.includes('foreign-1')) ? true : undefined), 10_000, 'receipt');
			expect(JSON.parse(receipts.find((r) => r.includes('foreign-1'))!)).toEqual({ id: 'foreign-1', status: 'stored' });

			const api = await (await app.api(`/api/events?site=${site}`)).json();
			expect(api.events.map((e: { id: string }) => e.id)).toContain('foreign-1');
			for (const d of dashboards) {
				await waitFor(() => (d.events(site).some((e) => e.id === 'foreign-1') ? true : undefined), 10_000, 'dashboard event');
			}
			const beat = await waitFor(() => heartbeats.find((h) => h.lastIngestAt !== null), 15_000, 'a heartbeat after ingest');
			expect(Date.parse(beat.lastIngestAt!)).toBeGreaterThan(Date.now() - 60_000);
		} finally {
			sub.kill();
			for (const d of dashboards) d.close();
		}
	});
});
