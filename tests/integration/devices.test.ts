import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, createSite, makeTempDir, profile, signInCookie, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';
import { freePort, waitFor } from '../fixtures/ports';
import { startPrivateMosquitto } from '../fixtures/private-services';

const ROOT = path.resolve(import.meta.dirname, '../..');
const hasMosquitto = spawnSync('sh', ['-c', 'command -v mosquitto']).status === 0;

/** Subscribe and report the granted QoS (128: refused). */
const grantedQos = (client: MqttClient, filter: string) =>
	new Promise<number>((resolve) =>
		client.subscribe(filter, { qos: 1 }, (err, granted) => {
			const packet = (err as { packet?: { granted?: (number | { qos: number })[] } } | null)?.packet;
			const first = err ? packet?.granted?.[0] : granted?.[0];
			resolve(typeof first === 'number' ? first : (first?.qos ?? -1));
		})
	);

/** Connect and report the CONNACK refusal code (0 when accepted). */
async function connectCode(url: string, opts: mqtt.IClientOptions): Promise<{ code: number; client?: MqttClient }> {
	try {
		const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, clean: true, ...opts });
		return { code: 0, client };
	} catch (err) {
		return { code: Number((err as { code?: number }).code ?? -1) };
	}
}

const closed = (client: MqttClient) => new Promise<void>((resolve) => (client.connected ? client.once('close', () => resolve()) : resolve()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('device credentials', () => {
	let app: RunningApp;
	let siteA: string;
	let siteB: string;
	let a1: DeviceLogin;
	let b1: DeviceLogin;

	beforeAll(async () => {
		app = await startApp();
		siteA = uniqueId('dev-a');
		siteB = uniqueId('dev-b');
		await createSite(app.sql, siteA);
		await createSite(app.sql, siteB);
		a1 = await app.device(siteA, 'GW-A1');
		b1 = await app.device(siteB, 'GW-B1');
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('issues a credential once, stores only a Mosquitto-format hash, and audits it in the site stream', async () => {
		expect(a1.username).toBe(`${siteA}.GW-A1`);
		expect(a1.password.length).toBeGreaterThanOrEqual(32);
		const [row] = await app.sql<{ secret_hash: string }[]>`select secret_hash from device_credential where username = ${a1.username}`;
		expect(row.secret_hash).toMatch(/^\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
		expect(row.secret_hash).not.toContain(a1.password);

		const again = await app.api(`/api/sites/${siteA}/devices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'GW-A1', kind: 'gateway' }) });
		expect(again.status).toBe(409);
		const bad = await app.api(`/api/sites/${siteA}/devices`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'no/slash', kind: 'toaster' }) });
		expect(bad.status).toBe(400);
		expect((await bad.json()).reasons.join(' ')).toMatch(/id: .*kind: /);
		expect((await app.api(`/api/sites/nosuch-site/devices`)).status).toBe(404);

		const list = await (await app.api(`/api/sites/${siteA}/devices`)).json();
		expect(list.devices).toEqual([expect.objectContaining({ site: siteA, id: 'GW-A1', kind: 'gateway', username: a1.username, credential: expect.objectContaining({ revokedAt: null }) })]);
		expect(JSON.stringify(list)).not.toContain(a1.password);

		const audit = await app.sql<{ type: string; source_kind: string; data: Record<string, unknown> }[]>`
			select type, source_kind, data from event where stream = ${siteA} and type like 'Device%' order by seq`;
		expect(audit[0]).toMatchObject({ type: 'DeviceCreated', source_kind: 'user', data: { device: 'GW-A1', username: a1.username } });
		expect(JSON.stringify(audit)).not.toContain(a1.password);
		// The admin audit page reads site streams too, filtered by site.
		const page = await (await app.api(`/admin/audit?site=${siteA}&type=DeviceCreated`)).text();
		expect(page).toContain('data-audit-type="DeviceCreated"');
		expect(page).toContain(a1.username);
		expect(page).not.toContain(b1.username);
	});

	it('lets only admins manage devices', async () => {
		const operator = { username: uniqueId('op'), displayName: 'Operator', role: 'operator', password: 'operator-password-1', sites: [siteA] };
		expect((await app.api('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(operator) })).status).toBe(201);
		const cookie = await signInCookie(app.baseUrl, operator.username, operator.password);
		const asOperator = (p: string, init: RequestInit = {}) => fetch(`${app.baseUrl}${p}`, { ...init, headers: { ...(init.headers as object), cookie, 'content-type': 'application/json' } });
		expect((await asOperator(`/api/sites/${siteA}/devices`)).status).toBe(403);
		expect((await asOperator(`/api/sites/${siteA}/devices`, { method: 'POST', body: JSON.stringify({ id: 'X-1', kind: 'gateway' }) })).status).toBe(403);
		expect((await asOperator(`/api/sites/${siteA}/devices/GW-A1/credentials`, { method: 'POST' })).status).toBe(403);
		expect((await asOperator(`/api/sites/${siteA}/devices/GW-A1/credentials`, { method: 'DELETE' })).status).toBe(403);
		expect((await fetch(`${app.baseUrl}/api/sites/${siteA}/devices`)).status).toBe(401);
	});

	it('HTTP ingest takes only the device\'s own credential (HTTP Basic)', async () => {
		const url = (site: string, device: string) => `${app.baseUrl}/api/sites/${site}/devices/${device}/scans`;
		const post = (u: string, headers: Record<string, string>, id: string) =>
			fetch(u, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(scanBody(id)) });

		const none = await post(url(siteA, 'GW-A1'), {}, 'basic-none');
		expect(none.status).toBe(401);
		expect(none.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
		expect((await post(url(siteA, 'GW-A1'), basicAuth({ username: a1.username, password: 'wrong-password' }), 'basic-wrong')).status).toBe(401);
		expect((await post(url(siteA, 'GW-A1'), { authorization: `Bearer ${a1.password}` }, 'basic-bearer')).status).toBe(401);
		// A's credential speaking for B's device, or for another device of its own site.
		expect((await post(url(siteB, 'GW-B1'), basicAuth(a1), 'basic-cross-site')).status).toBe(403);
		expect((await post(url(siteA, 'GW-A9'), basicAuth(a1), 'basic-other-device')).status).toBe(403);
		// An admin's session is not a device's credential.
		expect((await post(url(siteA, 'GW-A1'), { cookie: app.cookie }, 'basic-cookie')).status).toBe(401);

		const ok = await post(url(siteA, 'GW-A1'), basicAuth(a1), 'basic-ok');
		expect(ok.status).toBe(201);
		const rows = await app.sql<{ source_event_id: string }[]>`select source_event_id from event where source_event_id like 'basic-%'`;
		expect(rows.map((r) => r.source_event_id)).toEqual(['basic-ok']);
	});

	it('rotating a secret stops the old one at once; revoking shuts the device out', async () => {
		const login = await app.device(siteA, 'GW-A2');
		const rotated = await app.api(`/api/sites/${siteA}/devices/GW-A2/credentials`, { method: 'POST' });
		expect(rotated.status).toBe(200);
		const fresh = { ...login, password: (await rotated.json()).password as string };
		expect(fresh.password).not.toBe(login.password);
		const scan = (l: DeviceLogin, id: string) =>
			fetch(`${app.baseUrl}/api/sites/${siteA}/devices/GW-A2/scans`, { method: 'POST', headers: { 'content-type': 'application/json', ...basicAuth(l) }, body: JSON.stringify(scanBody(id)) });
		expect((await scan(login, 'rot-old')).status).toBe(401);
		expect((await scan(fresh, 'rot-new')).status).toBe(201);

		expect((await app.api(`/api/sites/${siteA}/devices/GW-A2/credentials`, { method: 'DELETE' })).status).toBe(204);
		expect((await scan(fresh, 'rot-revoked')).status).toBe(401);
		expect((await app.api(`/api/sites/${siteA}/devices/GW-A2/credentials`, { method: 'DELETE' })).status).toBe(404);
		const types = await app.sql<{ type: string }[]>`select type from event where stream = ${siteA} and data->>'device' = 'GW-A2' order by seq`;
		expect(types.map((t) => t.type)).toEqual(['DeviceCreated', 'DeviceCredentialRotated', 'DeviceCredentialRevoked']);
	});

	// What the embedded broker enforces; an external broker gets the same rules from the export below.
	describe.skipIf(profile.mqttUrl)('the embedded broker', () => {
		it('refuses anonymous clients and wrong passwords', async () => {
			expect((await connectCode(app.mqttUrl, { clientId: uniqueId('anon') })).code).toBe(5);
			expect((await connectCode(app.mqttUrl, { clientId: a1.username, username: a1.username, password: 'not-the-password' })).code).toBe(4);
			expect((await connectCode(app.mqttUrl, { clientId: 'shouwang-bridge-x', username: 'shouwang-bridge', password: a1.password })).code).toBe(4);
			const ok = await connectCode(app.mqttUrl, { clientId: a1.username, username: a1.username, password: a1.password });
			expect(ok.code).toBe(0);
			await ok.client!.endAsync();
		});

		it('refuses another client\'s id, so no session can be taken over', async () => {
			const b = await connectDevice(app.mqttUrl, b1);
			let bClosed = false;
			b.client.on('close', () => (bClosed = true));
			try {
				expect((await connectCode(app.mqttUrl, { clientId: b1.username, username: a1.username, password: a1.password })).code).toBe(2);
				expect((await connectCode(app.mqttUrl, { clientId: app.clientId, username: a1.username, password: a1.password })).code).toBe(2);
				await sleep(300);
				expect(bClosed).toBe(false);
				await b.publish('scans', scanBody('still-b'));
				expect(await b.receiptFor('still-b')).toMatchObject({ status: 'stored' });
			} finally {
				await b.close();
			}
		});

		it('lets a device publish only under its own topics; nothing reaches another site', async () => {
			const before = await app.sql`select count(*)::int as n from event where stream = ${siteB}`;
			for (const topic of [`sites/${siteB}/devices/GW-B1/scans`, `sites/${siteA}/devices/GW-A9/alarms`, '$SYS/broker/x', `sites/${siteA}/devices/GW-A1`]) {
				const { client } = await connectCode(app.mqttUrl, { clientId: a1.username, username: a1.username, password: a1.password });
				const gone = closed(client!);
				client!.publish(topic, JSON.stringify(alarmBody(uniqueId('forged'))), { qos: 1 });
				await Promise.race([gone, sleep(3000).then(() => Promise.reject(new Error(`publish to ${topic} did not close the connection`)))]);
				client!.end(true);
			}
			const own = await connectDevice(app.mqttUrl, a1);
			await own.publish('scans', scanBody('own-topic'));
			expect(await own.receiptFor('own-topic')).toMatchObject({ status: 'stored' });
			await own.close();
			expect(await app.sql`select count(*)::int as n from event where stream = ${siteB}`).toEqual(before);
			const [{ forged }] = await app.sql`select count(*)::int as forged from event where source_event_id like 'forged-%'`;
			expect(forged).toBe(0);
			const [{ letters }] = await app.sql`select count(*)::int as letters from dead_letter where site = ${siteB} or device = 'GW-A9'`;
			expect(letters).toBe(0);
		});

		it('refuses every subscription but its own receipts: #, sites/+/…, $share, $SYS', async () => {
			const { client } = await connectCode(app.mqttUrl, { clientId: a1.username, username: a1.username, password: a1.password });
			const seen: string[] = [];
			client!.on('message', (topic) => seen.push(topic));
			try {
				for (const filter of ['#', 'sites/+/devices/+/receipts', `sites/${siteB}/#`, `$share/g/sites/#`, '$SYS/#', `sites/${siteA}/devices/GW-A1/#`]) {
					expect(await grantedQos(client!, filter), filter).toBe(128);
				}
				expect(await grantedQos(client!, `sites/${siteA}/devices/GW-A1/receipts`)).toBe(1);

				const b = await connectDevice(app.mqttUrl, b1);
				await b.publish('scans', scanBody('b-private'));
				await b.receiptFor('b-private');
				await b.close();
				await sleep(300);
				expect(seen).toEqual([]);
				expect(client!.connected).toBe(true);
			} finally {
				await client!.endAsync();
			}
		});

		it('closes a device\'s connection when its credential is revoked', async () => {
			const login = await app.device(siteA, 'GW-A3');
			const device = await connectDevice(app.mqttUrl, login);
			device.client.options.reconnectPeriod = 0;
			const gone = closed(device.client);
			expect((await app.api(`/api/sites/${siteA}/devices/GW-A3/credentials`, { method: 'DELETE' })).status).toBe(204);
			await Promise.race([gone, sleep(2000).then(() => Promise.reject(new Error('still connected 2 s after revocation')))]);
			device.client.end(true);
			expect((await connectCode(app.mqttUrl, { clientId: login.username, username: login.username, password: login.password })).code).toBe(4);
		});
	});

	describe.skipIf(!hasMosquitto)('exported to an external Mosquitto', () => {
		let dir: string;
		let broker: Awaited<ReturnType<typeof startPrivateMosquitto>>;
		const bridgePassword = 'bridge-password-for-tests-1';

		beforeAll(async () => {
			await app.device(siteA, 'GW-A4');
			expect((await app.api(`/api/sites/${siteA}/devices/GW-A4/credentials`, { method: 'DELETE' })).status).toBe(204);
			dir = await makeTempDir('shouwang-mosq-export-');
			const port = await freePort();
			const out = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/mosquitto-export.ts', dir, '--listen', `127.0.0.1:${port}`], {
				cwd: ROOT,
				encoding: 'utf8',
				env: {
					PATH: process.env.PATH,
					DATA_DIR: app.dataDir,
					...(profile.databaseUrl ? { DATABASE_URL: app.databaseUrl } : {}),
					MQTT_URL: `mqtt://shouwang-bridge:${bridgePassword}@127.0.0.1:1883`
				}
			});
			expect(out.status, out.stderr).toBe(0);
			// The broker drops root for its own user before it reads the files.
			await fs.chmod(dir, 0o755);
			for (const f of ['passwd', 'acl', 'shouwang.conf']) await fs.chmod(path.join(dir, f), 0o644);
			broker = await startPrivateMosquitto({ include: dir, port });
		});
		afterAll(async () => {
			await broker?.dispose();
			if (dir) await fs.rm(dir, { recursive: true, force: true });
		});

		it('writes the hashes the app stored and refuses the revoked device', async () => {
			const passwd = await fs.readFile(path.join(dir, 'passwd'), 'utf8');
			const [row] = await app.sql<{ secret_hash: string }[]>`select secret_hash from device_credential where username = ${a1.username}`;
			expect(passwd).toContain(`${a1.username}:${row.secret_hash}\n`);
			expect(passwd).not.toContain('GW-A4');
			expect(await fs.readFile(path.join(dir, 'acl'), 'utf8')).toContain(`user ${a1.username}\ntopic write sites/${siteA}/devices/GW-A1/#\ntopic read sites/${siteA}/devices/GW-A1/receipts`);
		});

		it('Mosquitto enforces the same rules: credentials, own topics only, nothing of another site', async () => {
			expect((await connectCode(broker.url, { clientId: uniqueId('anon') })).code).toBe(5);
			expect((await connectCode(broker.url, { clientId: a1.username, username: a1.username, password: 'wrong' })).code).toBe(5);

			const bridge = (await connectCode(broker.url, { clientId: 'shouwang-bridge', username: 'shouwang-bridge', password: bridgePassword })).client!;
			const atBridge: string[] = [];
			bridge.on('message', (topic, payload) => atBridge.push(`${topic} ${JSON.parse(payload.toString()).id}`));
			await bridge.subscribeAsync('sites/#', { qos: 1 });

			const a = (await connectCode(broker.url, { clientId: a1.username, username: a1.username, password: a1.password })).client!;
			const atA: string[] = [];
			a.on('message', (topic) => atA.push(topic));
			try {
				await grantedQos(a, '#'); // Mosquitto may grant it; the ACL still filters what is delivered
				await a.publishAsync(`sites/${siteB}/devices/GW-B1/scans`, JSON.stringify(scanBody('x-forged')), { qos: 1 });
				await a.publishAsync(`sites/${siteA}/devices/GW-A1/scans`, JSON.stringify(scanBody('x-own')), { qos: 1 });
				// Messages of one client arrive in order: once its own is in, the forged one is not coming.
				await waitFor(() => (atBridge.some((m) => m.endsWith('x-own')) ? true : undefined), 10_000, 'own message at the bridge');
				expect(atBridge).toEqual([`sites/${siteA}/devices/GW-A1/scans x-own`]);

				const b = (await connectCode(broker.url, { clientId: b1.username, username: b1.username, password: b1.password })).client!;
				await b.publishAsync(`sites/${siteB}/devices/GW-B1/scans`, JSON.stringify(scanBody('x-b')), { qos: 1 });
				await waitFor(() => (atBridge.some((m) => m.endsWith('x-b')) ? true : undefined), 10_000, 'B at the bridge');
				await b.endAsync();
				await sleep(300);
				expect(atA).toEqual([]);
			} finally {
				await a.endAsync();
				await bridge.endAsync();
			}
		});
	});
});
