import fs from 'node:fs/promises';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, makeTempDir, profile, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody, type Receipt } from '../fixtures/clients';
import { connectPacket, field, frame, publishPacket, sendRaw } from '../fixtures/mqtt-packets';
import { freePort, waitFor } from '../fixtures/ports';
import { startPrivateMosquitto } from '../fixtures/private-services';
import { mosquittoFiles } from '../../src/lib/server/mqtt/mosquitto-export';
import { MAX_PACKET_BYTES } from '../../src/lib/server/mqtt/packet-size';

const external = Boolean(profile.mqttUrl);
const BRIDGE_PASSWORD = 'bridge-password-for-robustness';

/**
 * In the external profile the corpus goes to a private Mosquitto configured by our own export
 * (its ACL, `max_packet_size`, `use_username_as_clientid`), which the app's bridge signs in to.
 */
async function startExportedMosquitto() {
	const dir = await makeTempDir('shouwang-mosq-robust-');
	const port = await freePort();
	const write = async (rows: { site: string; device: string; username: string; secret_hash: string }[]) => {
		const files = mosquittoFiles(rows, { bridgePassword: BRIDGE_PASSWORD, bridgeConnections: 4, dir, listener: { port, host: '127.0.0.1' } });
		await fs.writeFile(path.join(dir, 'passwd'), files.passwd);
		await fs.writeFile(path.join(dir, 'acl'), files.acl);
		await fs.writeFile(path.join(dir, 'shouwang.conf'), files.conf);
		// The broker drops root for its own user before it reads the files.
		for (const f of ['passwd', 'acl', 'shouwang.conf']) await fs.chmod(path.join(dir, f), 0o644);
	};
	await write([]);
	const broker = await startPrivateMosquitto({ include: dir, port });
	return {
		broker,
		bridgeUrl: `mqtt://shouwang-bridge:${BRIDGE_PASSWORD}@127.0.0.1:${port}`,
		/** Export again with these devices and reload, as an operator does after adding devices. */
		async reload(rows: Parameters<typeof write>[0]) {
			await write(rows);
			broker.reload();
		},
		async dispose() {
			await broker.dispose();
			await fs.rm(dir, { recursive: true, force: true });
		}
	};
}

describe('MQTT robustness: what devices and strangers send cannot stop the app from storing', () => {
	let app: RunningApp;
	let mosquitto: Awaited<ReturnType<typeof startExportedMosquitto>> | undefined;
	let url: string;
	let port: number;
	let site: string;
	let gw: DeviceLogin;
	let other: DeviceLogin;
	let fap: DeviceLogin;

	beforeAll(async () => {
		if (external) mosquitto = await startExportedMosquitto();
		app = await startApp(mosquitto ? { mqttUrl: mosquitto.bridgeUrl } : {});
		url = mosquitto?.broker.url ?? app.mqttUrl;
		port = Number(new URL(url).port);
		site = uniqueId('robust');
		await createSite(app.sql, site);
		gw = await app.device(site, 'GW-1');
		other = await app.device(site, 'GW-2');
		fap = await app.device(site, 'FAP-1', 'fire_panel');
		if (mosquitto) {
			await mosquitto.reload(await app.sql`select site, device, username, secret_hash from device_credential where revoked_at is null order by username`);
			await waitFor(async () => ((await connectCode({ clientId: gw.username, username: gw.username, password: gw.password })) === 0 ? true : undefined), 10_000, 'the reloaded broker to admit the devices');
		}
	});
	afterAll(async () => {
		await app?.dispose();
		await mosquitto?.dispose();
	});

	/** Connect and report the CONNACK code (0 accepted), closing the connection at once. */
	async function connectCode(opts: mqtt.IClientOptions): Promise<number> {
		try {
			const client = await mqtt.connectAsync(url, { reconnectPeriod: 0, connectTimeout: 5000, clean: true, ...opts });
			await client.endAsync();
			return 0;
		} catch (err) {
			return Number((err as { code?: number }).code ?? -1);
		}
	}

	/** One connection of a device that records its receipts and whether the broker closed it. */
	async function session(login: DeviceLogin): Promise<{ client: MqttClient; receipts: Receipt[]; closed: Promise<boolean>; topic: (kind: string) => string }> {
		const client = await mqtt.connectAsync(url, { clientId: login.username, username: login.username, password: login.password, clean: true, reconnectPeriod: 0, connectTimeout: 5000 });
		const receipts: Receipt[] = [];
		client.on('message', (_topic, payload) => receipts.push(JSON.parse(payload.toString())));
		client.on('error', () => undefined);
		await client.subscribeAsync(`sites/${login.site}/devices/${login.device}/receipts`, { qos: 1 });
		const closed = new Promise<boolean>((resolve) => {
			client.once('close', () => resolve(true));
			setTimeout(() => resolve(false), 8000).unref();
		});
		return { client, receipts, closed, topic: (kind) => `sites/${login.site}/devices/${login.device}/${kind}` };
	}

	const deadLetters = (topicPattern: string) =>
		app.sql<{ reason: string; topic: string; size: number }[]>`select reason, topic, size from dead_letter where topic like ${topicPattern} order by id`;
	const waitForDeadLetter = (topicPattern: string, what: string) =>
		waitFor(async () => (await deadLetters(topicPattern))[0], 15_000, `a dead letter for ${what}`);
	const eventCount = async (id: string) => (await app.sql`select count(*)::int as n from event where stream = ${site} and source_event_id = ${id}`)[0].n as number;

	/** A device's valid CONNECT, for raw sessions. */
	const rawConnect = (login: DeviceLogin) => connectPacket({ clientId: login.username, username: login.username, password: login.password });

	describe.skipIf(external)('malformed packets on a raw socket (the embedded broker parses them itself)', () => {
		it.each([
			['garbage bytes', [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')]],
			['a reserved packet type', [Buffer.from([0x00, 0x02, 0x00, 0x00])]],
			['a remaining length over four bytes', [Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x01])]],
			['a CONNECT declaring 256 MB', [Buffer.from([0x10, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x04])]],
			['a CONNECT for protocol "MQTX"', [connectPacket({ clientId: 'x', protocol: 'MQTX' })]],
			['a CONNECT of protocol level 99', [connectPacket({ clientId: 'x', level: 99 })]],
			['a CONNECT with the reserved flag set', [connectPacket({ clientId: 'x', flags: 0x03 })]],
			['a CONNECT with a will of QoS 3', [connectPacket({ clientId: 'x', flags: 0x1e })]],
			['a CONNECT whose username flag has no username', [connectPacket({ clientId: 'x', flags: 0x82 })]],
			['a CONNECT whose client id runs past the packet', [frame(0x10, field('MQTT'), Buffer.from([4, 2, 0, 30, 0xff, 0xff, 0x61]))]],
			['a PUBLISH before CONNECT', [publishPacket('sites/x/devices/y/alarms', JSON.stringify(alarmBody('before-connect')))]],
			['a second CONNECT', () => [rawConnect(gw), rawConnect(gw)]],
			['a SUBACK sent by a client', () => [rawConnect(gw), Buffer.from([0x90, 0x03, 0x00, 0x01, 0x00])]]
		] as const)('closes the connection on %s', async (_name, packets) => {
			const bytes = typeof packets === 'function' ? packets() : [...packets];
			const { closed } = await sendRaw(port, bytes);
			expect(closed).toBe(true);
		});

		it.each([
			['a truncated CONNECT', [connectPacket({ clientId: 'truncated', username: 'u', password: 'p' }).subarray(0, 12)]],
			['a truncated PUBLISH after a valid CONNECT', () => [rawConnect(gw), publishPacket(`sites/${site}/devices/GW-1/alarms`, JSON.stringify(alarmBody('truncated'))).subarray(0, 40)]],
			['a header and nothing else', [Buffer.from([0x30])]]
		] as const)('lets go of %s when the client gives up', async (_name, packets) => {
			const bytes = typeof packets === 'function' ? packets() : [...packets];
			expect((await sendRaw(port, bytes, { halfClose: true })).closed).toBe(true);
			expect(await eventCount('truncated')).toBe(0);
		});
	});

	it('dead-letters a payload over 64 KiB with its reason and a rejected receipt', async () => {
		const s = await session(gw);
		const body = JSON.stringify(alarmBody('too-big', { text: 'x'.repeat(64 * 1024) }));
		expect(body.length).toBeGreaterThan(64 * 1024);
		await s.client.publishAsync(s.topic('alarms'), body, { qos: 1 });
		const receipt = await waitFor(() => s.receipts.find((r) => r.status === 'rejected'), 15_000, 'the rejected receipt');
		expect(receipt.reason).toMatch(/payload too large/);
		expect(await waitForDeadLetter(`sites/${site}/devices/GW-1/alarms`, 'the big payload')).toMatchObject({ reason: expect.stringMatching(/payload too large/), size: body.length });
		await s.client.endAsync();
	});

	it(`closes the connection of a packet over ${MAX_PACKET_BYTES} bytes before it is stored`, async () => {
		const s = await session(gw);
		s.client.publish(s.topic('scans'), JSON.stringify(scanBody('huge', { pad: 'x'.repeat(MAX_PACKET_BYTES) })), { qos: 1 });
		expect(await s.closed).toBe(true);
		s.client.end(true);
		expect(await eventCount('huge')).toBe(0);
	});

	it('dead-letters unknown and odd topics under its own prefix, with a receipt when the device is known', async () => {
		const s = await session(gw);
		const prefix = `sites/${site}/devices/GW-1`;
		await s.client.publishAsync(`${prefix}/firmware`, JSON.stringify(alarmBody('odd-firmware')), { qos: 1 });
		await s.client.publishAsync(`${prefix}//alarms`, JSON.stringify(alarmBody('odd-empty-level')), { qos: 1 });
		await s.client.publishAsync(`${prefix}/${'k'.repeat(60_000)}`, JSON.stringify(alarmBody('odd-long')), { qos: 1 });
		const receipt = await waitFor(() => s.receipts.find((r) => r.id === 'odd-firmware'), 15_000, 'the receipt for the unknown topic');
		expect(receipt).toMatchObject({ status: 'rejected', reason: 'unknown topic: firmware' });
		expect((await waitForDeadLetter(`${prefix}/firmware`, 'the unknown kind')).reason).toBe('unknown topic: firmware');
		expect((await waitForDeadLetter(`${prefix}//alarms`, 'the empty level')).reason).toBe('unknown topic under sites/');
		const long = await waitForDeadLetter(`${prefix}/kkk%`, 'the long topic');
		expect(long.topic.length).toBeGreaterThan(60_000);
		// The reason names the topic, but not all 60,000 characters of it.
		expect(long.reason.length).toBeLessThan(200);
		for (const id of ['odd-firmware', 'odd-empty-level', 'odd-long']) expect(await eventCount(id)).toBe(0);
		await s.client.endAsync();
	});

	it.each([
		['a + in the topic', (p: string) => Buffer.from(`${p}/+/alarms`)],
		['a # in the topic', (p: string) => Buffer.from(`${p}/#`)],
		['a NUL byte in the topic', (p: string) => Buffer.from(`${p}/ala\u0000rms`)],
		['a topic that is not UTF-8', (p: string) => Buffer.concat([Buffer.from(`${p}/`), Buffer.from([0xc3, 0x28, 0xff])])]
	])('closes the connection of a device that publishes with %s', async (_name, topic) => {
		const t = topic(`sites/${site}/devices/GW-1`);
		const id = uniqueId('bad-topic');
		const { closed, received } = await sendRaw(port, [rawConnect(gw), publishPacket(t, JSON.stringify(alarmBody(id)))]);
		expect(received.subarray(0, 4)).toEqual(Buffer.from([0x20, 0x02, 0x00, 0x00])); // CONNACK, accepted
		expect(closed).toBe(true);
		expect(await eventCount(id)).toBe(0);
	});

	it('stores nothing published outside the device\'s own topics', async () => {
		for (const topic of [`sites/${site}/weather`, `sites/${site}/devices/GW-2/alarms`, 'other/thing', `sites/${site}`]) {
			const s = await session(gw);
			const id = uniqueId('outside');
			// The embedded broker closes the connection; Mosquitto's ACL drops the message and acknowledges it.
			const sent = s.client.publishAsync(topic, JSON.stringify(alarmBody(id)), { qos: 1 });
			if (external) await sent;
			else {
				sent.catch(() => undefined);
				expect(await s.closed, topic).toBe(true);
			}
			s.client.end(true);
			expect(await eventCount(id)).toBe(0);
		}
		const [{ n }] = await app.sql`select count(*)::int as n from dead_letter where topic like ${`sites/${site}/weather%`} or topic = ${site} or topic like 'other/%'`;
		expect(n).toBe(0);
	});

	it('refuses or renames odd client ids without disturbing the device or the bridge they name', async () => {
		const victim = await connectDevice(url, other);
		let victimClosed = false;
		victim.client.on('close', () => (victimClosed = true));
		try {
			const ids = ['', 'x'.repeat(5000), other.username, `${other.username}/sub`, 'shouwang-bridge', app.clientId, '__proto__', 'constructor', '$SYS', 'a/b/#'];
			for (const clientId of ids) {
				const code = await connectCode({ clientId, username: gw.username, password: gw.password });
				// The embedded broker takes only the device's own name (identifier rejected); Mosquitto
				// replaces any id by the username (use_username_as_clientid), so the name cannot matter.
				expect(code, JSON.stringify(clientId.slice(0, 40))).toBe(external ? 0 : 2);
			}
			expect(victimClosed).toBe(false);
			await victim.publish('scans', scanBody('victim-still-here'));
			expect(await victim.receiptFor('victim-still-here')).toMatchObject({ status: 'stored' });
		} finally {
			await victim.close();
		}
	});

	it('stores an alarm sent with QoS 2 once', async () => {
		const s = await session(gw);
		await s.client.publishAsync(s.topic('alarms'), JSON.stringify(alarmBody('qos-2')), { qos: 2 });
		expect(await waitFor(() => s.receipts.find((r) => r.id === 'qos-2'), 15_000, 'the QoS 2 receipt')).toEqual({ id: 'qos-2', status: 'stored' });
		expect(await eventCount('qos-2')).toBe(1);
		await s.client.endAsync();
	});

	it('stores a retained alarm once, as the new alarm it is', async () => {
		const s = await session(gw);
		await s.client.publishAsync(s.topic('alarms'), JSON.stringify(alarmBody('retained-1')), { qos: 1, retain: true });
		expect(await waitFor(() => s.receipts.find((r) => r.id === 'retained-1'), 15_000, 'the receipt')).toEqual({ id: 'retained-1', status: 'stored' });
		expect(await eventCount('retained-1')).toBe(1);
		await s.client.endAsync();
	});

	it.each([
		['bad JSON', () => '{"id":"bad-json",', /not valid UTF-8 JSON/],
		['bytes that are not UTF-8', () => Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), /not valid UTF-8 JSON/],
		['JSON nested 30,000 deep', () => '['.repeat(30_000) + ']'.repeat(30_000), /./],
		['an object nested 10,000 deep', () => '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000), /./],
		['__proto__ carrying the severity', () => JSON.stringify({ ...alarmBody('proto-1'), severity: undefined }).replace('{', '{"__proto__":{"severity":"critical"},'), /severity/],
		['constructor.prototype keys', () => JSON.stringify({ ...alarmBody('proto-2'), state: undefined, constructor: { prototype: { state: 'active' } } }), /state/],
		['an empty payload', () => '', /not valid UTF-8 JSON/]
	])('dead-letters %s with a rejected receipt', async (_name, payload, reason) => {
		const s = await session(gw);
		await s.client.publishAsync(s.topic('alarms'), payload(), { qos: 1 });
		const receipt = await waitFor(() => s.receipts[0], 15_000, 'the receipt');
		expect(receipt.status).toBe('rejected');
		expect(receipt.reason).toMatch(reason);
		await s.client.endAsync();
	});

	it('afterwards the app is alive, its bridge connected, and a fire alarm is stored and receipted', async () => {
		expect((await fetch(`${app.baseUrl}/api/health`)).status).toBe(200);
		const panel = await connectDevice(url, fap);
		try {
			await panel.publish('alarms', alarmBody('fire-after-corpus'));
			expect(await panel.receiptFor('fire-after-corpus')).toEqual({ id: 'fire-after-corpus', status: 'stored' });
		} finally {
			await panel.close();
		}
		const [row] = await app.sql<{ type: string; seq: number }[]>`select type, seq from event where stream = ${site} and source_event_id = 'fire-after-corpus'`;
		expect(row).toMatchObject({ type: 'AlarmRaised', seq: expect.any(Number) });
		expect(await eventCount('proto-1')).toBe(0);
		expect(await eventCount('proto-2')).toBe(0);
		expect(app.child.exitCode).toBeNull();
	});
});
