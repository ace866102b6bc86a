import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mqtt from 'mqtt';
import { basicAuth, createSite, profile, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, isoNow, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';

// MQTT publish → event-log row → `site:events` → receipt, against the profile's services.
const json = { 'content-type': 'application/json' };

describe('live pipeline', () => {
	let app: RunningApp;
	let site: string;

	beforeAll(async () => {
		app = await startApp();
		site = uniqueId('site');
		await createSite(app.sql, site);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('stores a published scan, broadcasts it and sends a stored receipt', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-01'));
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		// The site's import is its first event, the device's registration its second (facts in the site's stream).
		const joined = await dash.join(site, 0);
		expect(joined).toMatchObject({
			ok: true,
			data: { site, resync: false, head: 2, events: [{ seq: 1, type: 'SiteImported' }, { seq: 2, type: 'DeviceCreated', data: { device: 'HH-01' } }] }
		});
		try {
			await device.publish('scans', scanBody('scan-1'));
			expect(await device.receiptFor('scan-1')).toEqual({ id: 'scan-1', status: 'stored' });

			const rows = await app.sql`select * from event where stream = ${site} and source_event_id = 'scan-1'`;
			expect(rows).toHaveLength(1);
			expect(rows[0]).toMatchObject({ seq: 3, type: 'CheckpointScanned', source_kind: 'device', source_id: 'HH-01' });
			// The test site's plan has no checkpoints: the writer stores the scan flagged, never drops it.
			expect(rows[0].data).toEqual({ guard: 'G-017', checkpoint: 'CP-B07', method: 'nfc', unknown: true });

			const [live] = await waitFor(() => (dash.events(site).length ? dash.events(site) : undefined), 10_000, 'site:events');
			expect(live).toMatchObject({ site, seq: 3, type: 'CheckpointScanned', id: 'scan-1', source: { kind: 'device', id: 'HH-01' } });
		} finally {
			await device.close();
			dash.close();
		}
	});

	it('stores a duplicate once and answers it with a duplicate receipt', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-02'));
		try {
			const body = scanBody('dup-1');
			await device.publish('scans', body);
			await device.receiptFor('dup-1');
			await device.publish('scans', body);
			await device.publish('scans', body);
			await waitFor(() => (device.receipts.filter((r) => r.id === 'dup-1').length === 3 ? true : undefined));
			expect(device.receipts.filter((r) => r.id === 'dup-1').map((r) => r.status)).toEqual(['stored', 'duplicate', 'duplicate']);
			const [{ n }] = await app.sql`select count(*)::int as n from event where stream = ${site} and source_event_id = 'dup-1'`;
			expect(n).toBe(1);
		} finally {
			await device.close();
		}
	});

	it('dead-letters malformed and oversized messages and keeps ingesting', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1'));
		try {
			await device.publish('alarms', '{"id":"bad-json",');
			await device.publish('alarms', alarmBody('bad-type', { type: 'meteor' }));
			// Over the contract's 64 KiB, yet under the broker's packet limit (a bigger packet closes the connection).
			const huge = Buffer.alloc(64 * 1024 + 512, 0x20);
			huge.write('{"id":"huge-1"', 0);
			await device.publish('alarms', huge);
			await device.publish('alarms', alarmBody('good-after-bad'));

			expect(await device.receiptFor('good-after-bad')).toEqual({ id: 'good-after-bad', status: 'stored' });
			const bad = await device.receiptFor('bad-type');
			expect(bad.status).toBe('rejected');
			expect(bad.reason).toContain('type');
			await waitFor(() => (device.receipts.filter((r) => r.status === 'rejected').length >= 3 ? true : undefined));

			const letters = await app.sql<{ reason: string; size: number; raw: Buffer; channel: string }[]>`
				select reason, size, raw, channel from dead_letter where site = ${site} and device = 'FAP-1' order by id`;
			// An external broker spreads one device's messages over the bridge connections, so the
			// letters' order is not the publishing order: find each by its reason.
			expect(letters).toHaveLength(3);
			const json = letters.find((l) => l.reason === 'payload is not valid UTF-8 JSON');
			const type = letters.find((l) => l.reason.includes('type'));
			const large = letters.find((l) => l.reason === `payload too large: ${64 * 1024 + 512} bytes > 65536`);
			expect(json?.raw.toString()).toBe('{"id":"bad-json",');
			expect(type).toBeDefined();
			expect(large?.size).toBe(64 * 1024 + 512);
			expect(letters.every((l) => l.channel === 'mqtt')).toBe(true);
			const [{ n }] = await app.sql`select count(*)::int as n from event where stream = ${site} and source_id = 'FAP-1'`;
			expect(n).toBe(1);
		} finally {
			await device.close();
		}
	});

	it('dead-letters unknown topics under a device\'s own prefix', async () => {
		const known = await connectDevice(app.mqttUrl, await app.device(site, 'HH-10'));
		try {
			await known.publish('selfies', scanBody('selfie-1'));
			expect(await known.receiptFor('selfie-1')).toMatchObject({ status: 'rejected', reason: 'unknown topic: selfies' });
			const reasons = await app.sql<{ reason: string }[]>`select reason from dead_letter where site = ${site} and device = 'HH-10' order by id`;
			expect(reasons.map((r) => r.reason)).toEqual(['unknown topic: selfies']);
		} finally {
			await known.close();
		}
	});

	// Only a broker that lets unregistered clients in (an external one configured so) can deliver
	// a message for a site that does not exist; the bridge must still keep it with its reason.
	it.runIf(profile.mqttUrl)('dead-letters messages for an unknown site (external broker that admits anyone)', async () => {
		const ghost = uniqueId('nosuchsite');
		const client = await mqtt.connectAsync(app.mqttUrl, { clientId: uniqueId('ghost'), clean: true, reconnectPeriod: 0 });
		const receipts: { id: string; status: string; reason?: string }[] = [];
		client.on('message', (_t, payload) => receipts.push(JSON.parse(payload.toString())));
		try {
			await client.subscribeAsync(`sites/${ghost}/devices/HH-09/receipts`, { qos: 1 });
			await client.publishAsync(`sites/${ghost}/devices/HH-09/scans`, JSON.stringify(scanBody('ghost-1')), { qos: 1 });
			expect(await waitFor(() => receipts.find((r) => r.id === 'ghost-1'))).toEqual({ id: 'ghost-1', status: 'rejected', reason: 'unknown site' });
			const [letter] = await app.sql<{ reason: string }[]>`select reason from dead_letter where site = ${ghost}`;
			expect(letter.reason).toBe('unknown site');
		} finally {
			await client.endAsync();
		}
	});

	it('turns heartbeats into events only on a change of state, and flags clock skew', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'ACS-1'));
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		try {
			await dash.join(site, 1_000_000);
			await device.publish('status', { online: true, at: isoNow(), interval: 60 });
			await device.publish('status', { online: true, at: isoNow(), interval: 60 });
			await device.publish('status', { online: false });
			await device.publish('scans', scanBody('skewed-1', { at: isoNow(-10 * 60 * 1000) }));
			await device.receiptFor('skewed-1');
			const rows = await app.sql<{ type: string; clock_skew_ms: number | null }[]>`
				select type, clock_skew_ms from event where stream = ${site} and source_id = 'ACS-1' order by seq`;
			expect(rows.map((r) => r.type)).toEqual(['DeviceCameOnline', 'DeviceWentOffline', 'CheckpointScanned']);
			expect(rows[2].clock_skew_ms).toBeLessThan(-9 * 60 * 1000);
			const [dev] = await app.sql`select online, interval_s, last_seen_at from device where site = ${site} and id = 'ACS-1'`;
			expect(dev).toMatchObject({ online: false, interval_s: 60 });
			expect(dev.last_seen_at).toBeInstanceOf(Date);
		} finally {
			await device.close();
			dash.close();
		}
	});

	it('accepts the same bodies over HTTP with the device\'s credential: 201 stored, 200 duplicate, 400 with reasons', async () => {
		const login = await app.device(site, 'GW-1');
		const url = `${app.baseUrl}/api/sites/${site}/devices/GW-1/alarms`;
		const post = (body: unknown) =>
			fetch(url, { method: 'POST', headers: { ...json, ...basicAuth(login) }, body: typeof body === 'string' ? body : JSON.stringify(body) });
		const body = alarmBody('http-1');
		const first = await post(body);
		expect(first.status).toBe(201);
		expect(await first.json()).toMatchObject({ id: 'http-1', status: 'stored' });
		const again = await post(body);
		expect(again.status).toBe(200);
		expect(await again.json()).toMatchObject({ status: 'duplicate' });
		const bad = await post({ ...body, id: 'http-2', severity: 'apocalyptic' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).reasons.join()).toContain('severity');
		const [{ n }] = await app.sql`select count(*)::int as n from dead_letter where channel = 'http'`;
		expect(n).toBe(1);
	});

	it('serves /api/events in seq order, gap-free, with after and limit', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-03'));
		try {
			for (let i = 0; i < 20; i++) await device.publish('scans', scanBody(`order-${i}`));
			await device.receiptFor('order-19');
			const all = await (await app.api(`/api/events?site=${site}&after=0&limit=1000`)).json();
			const seqs = all.events.map((e: { seq: number }) => e.seq);
			expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i: number) => i + 1));
			expect(all.head).toBe(seqs.at(-1));
			const page = await (await app.api(`/api/events?site=${site}&after=5&limit=3`)).json();
			expect(page.events.map((e: { seq: number }) => e.seq)).toEqual([6, 7, 8]);
			expect((await app.api(`/api/events?site=nosuch-site`)).status).toBe(404);
			expect((await app.api(`/api/events?site=${site}&limit=5000`)).status).toBe(400);
		} finally {
			await device.close();
		}
	});

	it('catches a dashboard up on join, and tells it to resync past 1,000 missed events', async () => {
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		try {
			const head = (await (await app.api(`/api/events?site=${site}&limit=1`)).json()).head as number;
			const catchUp = await dash.join(site, head - 3);
			expect(catchUp.ok && catchUp.data.events.map((e: { seq: number }) => e.seq)).toEqual([head - 2, head - 1, head]);

			const busy = uniqueId('busy');
			await createSite(app.sql, busy);
			const login = await app.device(busy, 'GW-2');
			const http = (i: number) =>
				fetch(`${app.baseUrl}/api/sites/${busy}/devices/GW-2/scans`, { method: 'POST', headers: { ...json, ...basicAuth(login) }, body: JSON.stringify(scanBody(`bulk-${i}`)) });
			for (let i = 0; i < 1005; i += 15) await Promise.all(Array.from({ length: Math.min(15, 1005 - i) }, (_, k) => http(i + k)));
			// seq 1 is the site's import, seq 2 the device's registration, then 1,005 scans.
			const resync = await dash.join(busy, 0);
			expect(resync).toEqual({ ok: true, data: { site: busy, head: 1007, events: [], resync: true } });
			const near = await dash.join(busy, 7);
			expect(near.ok && near.data.events.length).toBe(1000);
			expect(await dash.join('nosuch-site', 0)).toEqual({ ok: false, error: 'unknown_site' });
			expect(await dash.join('system', 0)).toEqual({ ok: false, error: 'invalid_request' });
		} finally {
			dash.close();
		}
	});

	it('reports health and Prometheus metrics', async () => {
		const health = await (await fetch(`${app.baseUrl}/api/health`)).json();
		expect(health).toMatchObject({ status: 'ok', database: { ok: true }, broker: { ok: true } });
		const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
		expect(metrics).toMatch(/shouwang_events_ingested_total\{type="CheckpointScanned"\} \d+/);
		expect(metrics).toMatch(/shouwang_dead_letters_total\{channel="mqtt"\} [1-9]/);
		expect(metrics).toMatch(/shouwang_duplicates_total [1-9]/);
		expect(metrics).toContain('shouwang_ingest_commit_seconds_bucket');
		expect(metrics).toContain('shouwang_sockets_connected');
	});
});
