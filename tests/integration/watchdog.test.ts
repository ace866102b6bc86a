import { spawnSync } from 'node:child_process';
import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { connectDashboard } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { startPrivatePostgres } from '../fixtures/private-services';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';

// The watchdog is its own process: it reaches a local receiver while the app's database is
// stopped, and when the app itself dies. A private PostgreSQL, so stopping it harms nobody;
// short intervals (asked every second, told after 2 s, a site unwatched after 3 s).
const SECRET = 'watchdog-secret-0123456789';

type Delivery = { id: string; signed: boolean; messages: { kind: string; title: string; text: string; severity: string; at: string }[] };

/** A webhook receiver on a free port: every delivery, with whether its signature is the body's HMAC-SHA256 under the secret. */
async function startReceiver() {
	const deliveries: Delivery[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks);
			const given = Buffer.from(String(req.headers['x-shouwang-signature'] ?? ''), 'hex');
			const expected = createHmac('sha256', SECRET).update(body).digest();
			const signed = given.length === expected.length && timingSafeEqual(given, expected);
			deliveries.push({ id: String(req.headers['x-shouwang-delivery']), signed, messages: JSON.parse(body.toString('utf8')).messages });
			res.writeHead(204).end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/watchdog`,
		deliveries,
		/** The first delivery carrying a message of `kind`, once it arrived. */
		waitFor: (kind: string, what = kind, timeoutMs = 30_000) => waitFor(() => deliveries.find((d) => d.messages.some((m) => m.kind === kind)), timeoutMs, what),
		kinds: () => deliveries.flatMap((d) => d.messages.map((m) => m.kind)),
		close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r())))
	};
}

const alive = (pid: number) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};
/** The app's watchdog: its child running build/watchdog.js. */
const watchdogPid = (app: RunningApp) =>
	waitFor(() => Number(spawnSync('pgrep', ['-P', String(app.child.pid), '-f', 'build/watchdog.js'], { encoding: 'utf8' }).stdout.trim()) || undefined, 10_000, 'the watchdog process');

describe('watchdog', () => {
	let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
	let rx: Awaited<ReturnType<typeof startReceiver>>;
	let app: RunningApp;

	beforeAll(async () => {
		rx = await startReceiver();
		pg = await startPrivatePostgres();
		app = await startApp({
			databaseUrl: pg.url,
			mqttUrl: null,
			env: { WATCHDOG_INTERVAL_SECONDS: '1', WATCHDOG_GRACE_SECONDS: '2', WATCHDOG_UNWATCHED_MINUTES: '0.05', DB_TIMEOUT_MS: '3000' }
		});
	});
	afterAll(async () => {
		await pg?.start().catch(() => undefined);
		await app?.dispose();
		await pg?.dispose();
		await rx?.close();
	});

	it('takes the channels that take `watchdog` into its own copy, secrets and all, readable by the app only', async () => {
		const add = (name: string, kinds: string[]) =>
			app.api('/api/notification-channels', {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ name, config: { kind: 'webhook', url: rx.url, secret: SECRET, locale: 'en' }, kinds })
			});
		const watchdog = await add('Control room duty', ['watchdog']);
		expect(watchdog.status).toBe(201);
		const { id } = (await watchdog.json()) as { id: string };
		expect((await add('Escalations', ['incident_escalated'])).status).toBe(201);

		const file = path.join(app.dataDir, 'watchdog-channels.json');
		const copy = JSON.parse(await fs.readFile(file, 'utf8'));
		expect(copy.channels).toEqual([{ id, name: 'Control room duty', sites: null, config: { kind: 'webhook', url: rx.url, secret: SECRET, locale: 'en' } }]);
		expect((await fs.stat(file)).mode & 0o777).toBe(0o600);

		// Nobody's rule names it: the watchdog is a channel's subscription, never a person's notification.
		const rule = await app.api('/api/notification-rules', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ kind: 'watchdog', channels: [id] }] }) });
		expect(rule.status).toBe(400);
	});

	it('reaches the receiver, signed, while the database is stopped, and says when it is back', async () => {
		await pg.stop();
		const down = await rx.waitFor('watchdog_database_down', 'the database_down alert');
		// Still stopped while it arrived: the app says so too.
		expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(503);
		expect(down.signed).toBe(true);
		expect(down.id).toMatch(/^watchdog-database_down-\d+-1\/ch-/);
		expect(down.messages[0]).toMatchObject({ title: 'Shouwang: database unreachable', severity: 'critical' });

		await pg.start();
		const back = await rx.waitFor('watchdog_database_down_recovered', 'the recovery');
		expect(back.signed).toBe(true);
		expect(back.messages[0]).toMatchObject({ title: 'Recovered: Shouwang: database unreachable', severity: 'info' });
		expect(rx.kinds().filter((k) => k === 'watchdog_database_down')).toHaveLength(1);
	});

	it('tells of a site no console watches, and when one joins it', async () => {
		const site = uniqueId('unwatched');
		const name = { 'zh-CN': '东门小区', 'zh-TW': '東門社區', en: 'East Gate Estate' };
		const files = writeBundleFiles({ site: { id: site, name, address: name, timeZone: 'Asia/Shanghai', center: [120.15, 30.28] }, devices: [], guards: [], plan: { type: 'FeatureCollection', features: [] } });
		const put = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(files) });
		expect(put.status).toBe(201);

		const alone = await rx.waitFor('watchdog_site_unwatched', 'the site_unwatched alert');
		expect(alone.messages[0].title).toBe('Shouwang: no console watching East Gate Estate');
		// The health check lists who watches each site to the watchdog alone.
		expect(await (await fetch(`${app.baseUrl}/api/health`)).json()).not.toHaveProperty('sites');

		const dash = await connectDashboard(app.baseUrl, app.cookie);
		try {
			expect(await dash.join(site, 0)).toMatchObject({ ok: true });
			await rx.waitFor('watchdog_site_unwatched_recovered', 'the site watched again');
		} finally {
			dash.close();
		}
	});

	it('stays quiet when the app stops cleanly, tells when it dies, and when it runs again', async () => {
		const quiet = await watchdogPid(app);
		expect(await app.stop('SIGTERM')).toBe(0);
		// The host waited for its watchdog, which sends before it exits: nothing more is coming.
		expect(alive(quiet)).toBe(false);
		expect(rx.kinds()).not.toContain('watchdog_app_stopped');

		await app.restart();
		const orphan = await watchdogPid(app);
		await app.stop('SIGKILL');
		const died = await rx.waitFor('watchdog_app_stopped', 'the app_stopped alert');
		expect(died.signed).toBe(true);
		expect(died.messages[0]).toMatchObject({ title: 'Shouwang: server stopped', severity: 'critical' });
		await waitFor(() => (alive(orphan) ? undefined : true), 30_000, 'the orphaned watchdog to exit');

		// The next watchdog takes up what the last one told, and says the app is back once it answers.
		await app.restart();
		await rx.waitFor('watchdog_app_stopped_recovered', 'the app back');
		expect(rx.kinds().filter((k) => k === 'watchdog_app_stopped')).toHaveLength(1);
	});
});
