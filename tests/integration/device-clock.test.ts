import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, createSite, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, isoNow } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import type { Incident } from '../../src/lib/domain/incident/model';

// Device time never decides storage or liveness: alarms from clocks that read 1970, 60 days off
// or 2099 are stored and flagged, and a status that claims 2099 keeps no device online.
const DAY_MS = 24 * 60 * 60 * 1000;
const CLOCKS = [
	// What a panel gateway reads after its real-time clock battery dies.
	{ name: 'epoch', at: () => '1970-01-01T00:00:10Z' },
	{ name: 'behind', at: () => isoNow(-60 * DAY_MS) },
	{ name: 'future', at: () => '2099-06-01T08:00:00+08:00' }
];

describe('device clocks', () => {
	let app: RunningApp;
	const site = uniqueId('clock');

	beforeAll(async () => {
		app = await startApp({ env: { HEARTBEAT_GRACE_S: '1' } });
		await createSite(app.sql, site);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const incidents = async (): Promise<Incident[]> => {
		const r = await app.api(`/api/incidents?site=${site}`);
		expect(r.status).toBe(200);
		return ((await r.json()) as { incidents: Incident[] }).incidents;
	};

	it('stores alarms from wrong clocks over MQTT and HTTP, flags their skew, broadcasts them and opens incidents', async () => {
		const mqttPanel = await app.device(site, 'FAP-M', 'fire_panel');
		const httpPanel: DeviceLogin = await app.device(site, 'FAP-H', 'fire_panel');
		const device = await connectDevice(app.mqttUrl, mqttPanel);
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		expect(await dash.join(site, 0)).toMatchObject({ ok: true });
		try {
			for (const clock of CLOCKS) {
				await device.publish('alarms', alarmBody(`mqtt-${clock.name}`, { at: clock.at() }));
				// Waits for this app's "stored" receipt: another app on a shared external broker may answer
				// "unknown site" for a site that is not in its database.
				await waitFor(() => device.receipts.find((r) => r.id === `mqtt-${clock.name}` && r.status === 'stored'), 20_000, `stored receipt for mqtt-${clock.name}`);
				const r = await fetch(`${app.baseUrl}/api/sites/${site}/devices/FAP-H/alarms`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', ...basicAuth(httpPanel) },
					body: JSON.stringify(alarmBody(`http-${clock.name}`, { at: clock.at() }))
				});
				expect(r.status, await r.clone().text()).toBe(201);
			}

			const ids = CLOCKS.flatMap((c) => [`mqtt-${c.name}`, `http-${c.name}`]);
			const rows = await app.sql<{ source_event_id: string; at: Date; received_at: Date; clock_skew_ms: number | null }[]>`
				select source_event_id, at, received_at, clock_skew_ms from event where stream = ${site} and source_event_id = any(${ids})`;
			expect(rows.map((r) => r.source_event_id).sort()).toEqual([...ids].sort());
			for (const row of rows) {
				// The device's own time is kept as it said, and the skew is exact, however large.
				expect(row.clock_skew_ms).toBe(row.at.getTime() - row.received_at.getTime());
				expect(Math.abs(row.clock_skew_ms!)).toBeGreaterThan(2 ** 31);
			}
			expect(rows.find((r) => r.source_event_id === 'mqtt-epoch')!.at.toISOString()).toBe('1970-01-01T00:00:10.000Z');
			expect(rows.find((r) => r.source_event_id === 'http-future')!.at.toISOString()).toBe('2099-06-01T00:00:00.000Z');
			const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from dead_letter where site = ${site}`;
			expect(n).toBe(0);

			// The console gets each one with its flag, as the feed shows it.
			const live = await waitFor(() => {
				const got = dash.events(site).filter((e) => e.type === 'AlarmRaised');
				return got.length === ids.length ? got : undefined;
			}, 15_000, 'every alarm on the dashboard');
			for (const e of live) {
				const row = rows.find((r) => r.source_event_id === e.id)!;
				expect(e.skewMs).toBe(row.clock_skew_ms);
				expect(e.at).toBe(row.at.toISOString());
			}
			expect(live.find((e) => e.id === 'mqtt-epoch')!.skewMs).toBeLessThan(-50 * 365 * DAY_MS);
			expect(live.find((e) => e.id === 'http-behind')!.skewMs).toBeLessThan(-59 * DAY_MS);
			expect(live.find((e) => e.id === 'mqtt-future')!.skewMs).toBeGreaterThan(50 * 365 * DAY_MS);

			// One fire incident per panel, opened and counted by the server's time of receipt.
			const open = (await incidents()).filter((i) => i.alarmType === 'fire');
			expect(open.map((i) => [i.device, i.count]).sort()).toEqual([['FAP-H', 3], ['FAP-M', 3]]);
			for (const i of open) expect(Math.abs(Date.parse(i.openedAt) - Date.now())).toBeLessThan(5 * 60 * 1000);
		} finally {
			await device.close();
			dash.close();
		}
	});

	it('judges liveness by the time of receipt: a device whose status claims 2099 and then falls silent is marked offline', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'ELV-9', 'elevator_monitor'));
		try {
			await device.publish('status', { online: true, at: '2099-01-01T00:00:00Z', interval: 1 });
			const [seen] = await waitFor(async () => {
				const r = await app.sql<{ online: boolean | null; last_seen_at: Date | null }[]>`select online, last_seen_at from device where site = ${site} and id = 'ELV-9'`;
				return r[0]?.online === true ? r : undefined;
			}, 10_000, 'the device online');
			expect(Math.abs(seen.last_seen_at!.getTime() - Date.now())).toBeLessThan(60_000);
			// Silent now: after its 1 s interval and the 1 s grace it is offline, with a communication fault.
			const fault = await waitFor(
				async () => (await incidents()).find((i) => i.device === 'ELV-9' && i.alarmType === 'communication_fault'),
				15_000,
				'communication fault'
			);
			expect(fault).toMatchObject({ status: 'new', sourceRestoredAt: null });
			const [row] = await app.sql<{ online: boolean | null }[]>`select online from device where site = ${site} and id = 'ELV-9'`;
			expect(row.online).toBe(false);
			const events = await app.sql<{ type: string; clock_skew_ms: number | null }[]>`
				select type, clock_skew_ms from event where stream = ${site} and source_id = 'ELV-9'
					and type in ('DeviceCameOnline', 'DeviceWentOffline') order by seq`;
			expect(events.map((e) => e.type)).toEqual(['DeviceCameOnline', 'DeviceWentOffline']);
			// Its coming online is flagged with the claimed clock; the server's inference is not.
			expect(events[0].clock_skew_ms).toBeGreaterThan(50 * 365 * DAY_MS);
			expect(events[1].clock_skew_ms).toBeNull();
		} finally {
			await device.close();
		}
	});
});
