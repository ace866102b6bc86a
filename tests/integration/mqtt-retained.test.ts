import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, profile, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import type { AlarmUnconfirmedPayload } from '../../src/lib/realtime/contract';
import { waitFor } from '../fixtures/ports';
import { startPrivateMosquitto, startPrivatePostgres } from '../fixtures/private-services';

// A device that publishes its alarms with the retain flag (some panel gateways do) must not
// raise them again whenever a subscription is made: a bridge reconnecting after a restart, or
// the alarm watch that opens at each database outage. A private PostgreSQL (stopped here) and,
// in the external profile, a private Mosquitto (what is retained there outlives the test).
describe('retained alarms', () => {
	let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
	let broker: Awaited<ReturnType<typeof startPrivateMosquitto>> | undefined;
	let app: RunningApp;
	const site = uniqueId('retained');

	beforeAll(async () => {
		pg = await startPrivatePostgres();
		if (profile.mqttUrl) broker = await startPrivateMosquitto();
		app = await startApp({
			databaseUrl: pg.url,
			mqttUrl: broker?.url ?? null,
			// One bridge connection subscribes to sites/# itself; a shared subscription gets no retained messages at all.
			env: { DB_TIMEOUT_MS: '3000', MQTT_BRIDGE_CONNECTIONS: '1' }
		});
		await createSite(app.sql, site);
	});
	afterAll(async () => {
		await app?.dispose();
		await broker?.dispose();
		await pg?.dispose();
	});

	const eventCount = async (id: string) => (await app.sql`select count(*)::int as n from event where stream = ${site} and source_event_id = ${id}`)[0].n as number;
	const retainedLetters = async () => (await app.sql`select count(*)::int as n from dead_letter where site = ${site} and reason like 'retained:%'`)[0].n as number;

	it('stores a retained alarm once; after a restart its replay is dead-lettered and the device told why', async () => {
		const login = await app.device(site, 'FAP-1', 'fire_panel');
		let panel = await connectDevice(app.mqttUrl, login);
		try {
			await panel.publish('alarms', alarmBody('ret-1'), { retain: true });
			expect(await panel.receiptFor('ret-1')).toEqual({ id: 'ret-1', status: 'stored' });

			// The embedded broker restarts with the app: the device comes back once it is up, subscribed again before it publishes.
			if (!broker) await panel.close();
			await app.restart();
			if (!broker) panel = await connectDevice(app.mqttUrl, login);
			if (broker) {
				// Mosquitto hands the retained alarm to the bridge's new subscription.
				const replay = await waitFor(() => panel.receipts.find((r) => r.id === 'ret-1' && r.status !== 'stored'), 20_000, 'the receipt of the replay');
				expect(replay).toMatchObject({ id: 'ret-1', status: 'rejected', reason: expect.stringMatching(/^retained: /) });
				expect(await retainedLetters()).toBe(1);
			} else {
				// The embedded broker kept nothing to replay; a new alarm goes through as usual.
				await panel.publish('alarms', alarmBody('after-restart'));
				expect(await panel.receiptFor('after-restart')).toMatchObject({ status: 'stored' });
				expect(panel.receipts.filter((r) => r.id === 'ret-1')).toEqual([]);
				expect(await retainedLetters()).toBe(0);
			}
			expect(await eventCount('ret-1')).toBe(1);
		} finally {
			await panel.close();
		}
	});

	it('does not show a retained alarm again as unconfirmed while the database is down', { timeout: 180_000 }, async () => {
		const gateway = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-2', 'fire_panel'));
		const dash = await connectDashboard(app.baseUrl, app.cookie);
		const pending: AlarmUnconfirmedPayload[] = [];
		dash.socket.on('alarm:unconfirmed', (p) => pending.push(p));
		const probes: string[] = [];
		try {
			expect((await dash.join(site, 0)).ok).toBe(true);
			await pg.stop();
			await waitFor(async () => ((await fetch(`${app.baseUrl}/api/health`)).status === 503 ? true : undefined), 30_000, 'degraded');
			// Probe until one shows: then the alarm watch (external broker) has subscribed, and a
			// retained alarm, which the broker hands to a subscription at once, would have shown first.
			let lastProbeAt = 0;
			const shown = await waitFor(
				() => {
					if (Date.now() - lastProbeAt > 1000) {
						lastProbeAt = Date.now();
						const id = `probe-${probes.length}`;
						probes.push(id);
						gateway.client.publish(gateway.topic('alarms'), JSON.stringify(alarmBody(id)), { qos: 1 });
					}
					return pending.find((p) => p.alarm.id !== null && probes.includes(p.alarm.id));
				},
				60_000,
				'a probe alarm shown unconfirmed'
			);
			expect(shown.alarm.source).toEqual({ kind: 'device', id: 'FAP-2' });
			expect(pending.filter((p) => p.alarm.id === 'ret-1')).toEqual([]);

			await pg.start();
			await waitFor(async () => ((await eventCount(probes.at(-1)!)) === 1 ? true : undefined), 90_000, 'the probes stored once the database is back');
			expect(await eventCount('ret-1')).toBe(1);
			expect(pending.filter((p) => p.alarm.id === 'ret-1')).toEqual([]);
		} finally {
			await gateway.close();
			dash.close();
		}
	});
});
