import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, profile, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice, scanBody } from '../fixtures/clients';
import type { AlarmUnconfirmedPayload } from '../../src/lib/realtime/contract';
import { waitFor } from '../fixtures/ports';
import { startPrivateMosquitto, startPrivatePostgres } from '../fixtures/private-services';

// The acceptance scenario: 2,000 QoS 1 messages while the database is stopped for 20 s.
// A private PostgreSQL (so stopping it harms nobody) and, in the external profile, a
// private Mosquitto with a queue large enough for the backlog.
describe('database outage', () => {
	let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
	let broker: Awaited<ReturnType<typeof startPrivateMosquitto>> | undefined;
	let app: RunningApp;
	const site = uniqueId('outage');

	beforeAll(async () => {
		pg = await startPrivatePostgres();
		if (profile.mqttUrl) broker = await startPrivateMosquitto();
		app = await startApp({ databaseUrl: pg.url, mqttUrl: broker?.url ?? null, env: { DB_TIMEOUT_MS: '3000' } });
		await createSite(app.sql, site);
	});
	afterAll(async () => {
		await app?.dispose();
		await broker?.dispose();
		await pg?.dispose();
	});

	it('stores all 2,000 messages exactly once and the dashboard sees them in order, no gaps', { timeout: 240_000 }, async () => {
		// The site's import is seq 1, registering the four devices writes seq 2–5; the dashboard joins after them.
		const logins = await Promise.all(['HH-01', 'HH-02', 'HH-03', 'HH-04'].map((d) => app.device(site, d)));
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		const disconnects: string[] = [];
		dash.socket.on('disconnect', (reason) => disconnects.push(reason));
		expect(await dash.join(site, 0)).toMatchObject({ ok: true, data: { head: 5 } });
		const devices = await Promise.all(logins.map((login) => connectDevice(app.mqttUrl, login)));
		try {
			// Some traffic before the outage.
			for (let i = 0; i < 100; i++) await devices[i % 4].publish('scans', scanBody(`pre-${i}`));
			await pg.stop();
			const outageStarted = Date.now();
			// Sent without waiting for each PUBACK: the embedded broker acknowledges only after the
			// commit (so not before the database is back); an external broker holds them for the bridge.
			const acks = Array.from({ length: 1900 }, (_, k) => devices[(100 + k) % 4].client.publishAsync(devices[(100 + k) % 4].topic('scans'), JSON.stringify(scanBody(`msg-${100 + k}`)), { qos: 1 }));
			await waitFor(async () => ((await fetch(`${app.baseUrl}/api/health`)).status === 503 ? true : undefined), 15_000, 'health to say degraded');
			await new Promise((r) => setTimeout(r, Math.max(0, 20_000 - (Date.now() - outageStarted))));
			await pg.start();
			await Promise.all(acks);

			const total = await waitFor(
				async () => {
					const [{ n }] = await app.sql`select count(*)::int as n from event where stream = ${site} and source_kind = 'device'`;
					return n >= 2000 ? n : undefined;
				},
				90_000,
				'all 2,000 events stored'
			).catch(async (err) => {
				const [{ n }] = await app.sql`select count(*)::int as n from event where stream = ${site} and source_kind = 'device'`;
				throw new Error(`${err.message}: ${n} stored\n${app.logs().slice(-6000)}`);
			});
			expect(total).toBe(2000);
			const [{ distinct }] = await app.sql`select count(distinct source_event_id)::int as distinct from event where stream = ${site} and source_kind = 'device'`;
			expect(distinct).toBe(2000);
			const [{ max }] = await app.sql`select max(seq)::int as max from event where stream = ${site}`;
			expect(max).toBe(2005);

			const seen = await waitFor(() => (dash.events(site).length >= 2000 ? dash.events(site) : undefined), 60_000, 'dashboard has all events').catch((err) => {
				const got = dash.events(site).map((e) => e.seq);
				throw new Error(`${err.message}: ${got.length} events, disconnects ${JSON.stringify(disconnects)}, first missing ${got.findIndex((s, i) => s !== i + 6) + 6}\n${app.logs().slice(-6000)}`);
			});
			expect(disconnects).toEqual([]);
			expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 6));
			// Healthy again once the writer has committed since the database came back (it may be a moment behind the events).
			await waitFor(async () => ((await fetch(`${app.baseUrl}/api/health`)).status === 200 ? true : undefined), 15_000, 'health to say ok');
		} finally {
			await Promise.all(devices.map((d) => d.close()));
			dash.close();
		}
	});

	// Alarm-monitoring standards: a fire alarm reaches the console within 90 s even while the database is down.
	it('shows a fire alarm as unconfirmed while the database is down, then replaces it with the stored event', { timeout: 180_000 }, async () => {
		const login = await app.device(site, 'FAP-9', 'fire_panel');
		const device = await connectDevice(app.mqttUrl, login);
		const second = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-10', 'fire_panel'));
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		const pending: AlarmUnconfirmedPayload[] = [];
		dash.socket.on('alarm:unconfirmed', (p) => pending.push(p));
		try {
			const head = (await (await app.api(`/api/events?site=${site}&limit=1`)).json()).head as number;
			expect((await dash.join(site, head)).ok).toBe(true);
			await pg.stop();
			const stoppedAt = Date.now();
			const acked = device.client.publishAsync(device.topic('alarms'), JSON.stringify(alarmBody('fire-while-down')), { qos: 1 });
			const shown = await waitFor(() => pending.find((p) => p.alarm.id === 'fire-while-down'), 60_000, 'the alarm shown unconfirmed');
			expect(Date.now() - stoppedAt).toBeLessThan(90_000);
			expect(shown).toMatchObject({ site, alarm: { site, type: 'AlarmRaised', source: { kind: 'device', id: 'FAP-9' }, data: { type: 'fire', severity: 'critical' } } });
			expect('seq' in shown.alarm).toBe(false);
			expect(dash.events(site).some((e) => e.id === 'fire-while-down')).toBe(false);
			// Once the outage is known, a new alarm still shows (with an external broker, through the
			// alarm watch, since the bridge has left the broker until the database is back).
			await waitFor(async () => ((await fetch(`${app.baseUrl}/api/health`)).status === 503 ? true : undefined), 30_000, 'degraded');
			await new Promise((r) => setTimeout(r, 1500)); // the watch subscribes
			const acked2 = second.client.publishAsync(second.topic('alarms'), JSON.stringify(alarmBody('fire-while-down-2')), { qos: 1 });
			await waitFor(() => pending.find((p) => p.alarm.id === 'fire-while-down-2'), 30_000, 'the second alarm shown unconfirmed');

			await pg.start();
			await Promise.all([acked, acked2]);
			const stored = await waitFor(() => dash.events(site).find((e) => e.id === 'fire-while-down'), 90_000, 'the stored event');
			await waitFor(() => dash.events(site).find((e) => e.id === 'fire-while-down-2'), 90_000, 'the second stored event');
			expect(stored.seq).toBeGreaterThan(head);
			const [{ n }] = await app.sql`select count(*)::int as n from event where stream = ${site} and source_event_id = 'fire-while-down'`;
			expect(n).toBe(1);
		} finally {
			await device.close();
			await second.close();
			dash.close();
		}
	});
});
