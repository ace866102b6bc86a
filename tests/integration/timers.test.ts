import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, startApp, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';
import { startPrivateMosquitto, startPrivatePostgres } from '../fixtures/private-services';
import { waitFor } from '../fixtures/ports';

// Escalation, device silence and test expiry, each due once, with two app processes on one
// database and one external broker, and across a restart between due time and firing. Both
// processes run a controlled clock (SHOUWANG_TEST_CLOCK=1), moved together through IPC: the
// scheduler decides by the runtime clock, so a test never waits for real minutes.
describe('timers: one scheduler, exactly once', () => {
	const site = `tm-${Date.now().toString(36)}`;
	let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
	let broker: Awaited<ReturnType<typeof startPrivateMosquitto>>;
	let a: RunningApp;
	let b: RunningApp;
	const env = { ESCALATION_SECONDS: 'critical=60,major=600', HEARTBEAT_GRACE_S: '5' };

	beforeAll(async () => {
		[pg, broker] = await Promise.all([startPrivatePostgres(), startPrivateMosquitto()]);
		a = await startApp({ baseDatabaseUrl: pg.url, mqttUrl: broker.url, testClock: true, env });
		// The same database and the same bridge group: the second process of one installation.
		b = await startApp({ databaseUrl: a.databaseUrl!, mqttUrl: broker.url, clientId: a.clientId, testClock: true, env });
		await createSite(a.sql, site);
	});
	afterAll(async () => {
		await b?.dispose();
		await a?.dispose();
		await Promise.all([broker?.dispose(), pg?.dispose()]);
	});

	/** Move both processes' clocks together, as one installation shares one time. */
	const advance = async (ms: number) => {
		const [at] = await Promise.all([a.clock.advance(ms), b.clock.advance(ms)]);
		return at;
	};
	const count = async (type: string, extra = a.sql``) =>
		(await a.sql<{ n: number }[]>`select count(*)::int as n from event where stream = ${site} and type = ${type} ${extra}`)[0].n;
	const dueOf = async (key: string) => (await a.sql<{ due_at: Date }[]>`select due_at from due_item where key = ${key}`)[0]?.due_at ?? null;

	it('escalates an unacknowledged incident once per level, whichever process fires it', async () => {
		const panel = await connectDevice(broker.url, await a.device(site, 'FAP-1', 'fire_panel'));
		try {
			await panel.publish('alarms', alarmBody('esc-1', { point: 'loop1/det-1' }));
			const [incident] = await waitFor(async () => {
				const r = await a.sql<{ id: string; opened_at: Date }[]>`select id, opened_at from incident where site = ${site} and point = 'loop1/det-1'`;
				return r.length ? r : undefined;
			}, 15_000, 'the incident');
			const key = `escalation:${incident.id}`;
			expect((await dueOf(key))?.getTime()).toBe(incident.opened_at.getTime() + 60_000);
			expect(await count('IncidentEscalated')).toBe(0);

			await advance(61_000);
			await waitFor(async () => ((await dueOf(key))?.getTime() === incident.opened_at.getTime() + 120_000 ? true : undefined), 15_000, 'the next level due');
			await advance(60_000);
			await waitFor(async () => ((await dueOf(key))?.getTime() === incident.opened_at.getTime() + 180_000 ? true : undefined), 15_000, 'the third level due');
			const levels = await a.sql<{ level: number }[]>`
				select (data ->> 'level')::int as level from event where stream = ${site} and type = 'IncidentEscalated' order by seq`;
			expect(levels.map((l) => l.level)).toEqual([1, 2]);

			// Acknowledged: nothing is due any more.
			const acked = await b.api(`/api/incidents/${incident.id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disposition: 'real' }) });
			expect(acked.status).toBe(200);
			expect(await dueOf(key)).toBeNull();
		} finally {
			await panel.close();
		}
	});

	it('marks a silent device offline once, and its next heartbeat brings it back', async () => {
		const lift = await connectDevice(broker.url, await b.device(site, 'ELV-1', 'elevator_monitor'));
		try {
			await lift.publish('status', { online: true, interval: 30 });
			await waitFor(async () => ((await count('DeviceCameOnline')) === 1 ? true : undefined), 15_000, 'online');
			const key = `device-silence:${site}/ELV-1`;
			await waitFor(() => dueOf(key), 10_000, 'the silence due');
			expect(await count('DeviceWentOffline')).toBe(0);

			await advance(36_000);
			await waitFor(async () => ((await count('DeviceWentOffline')) === 1 ? true : undefined), 15_000, 'offline');
			await waitFor(async () => ((await dueOf(key)) === null ? true : undefined), 10_000, 'the silence due cleared');
			const [offline] = await a.sql<{ data: { reason: string } }[]>`select data from event where stream = ${site} and type = 'DeviceWentOffline'`;
			expect(offline.data.reason).toBe('heartbeat_missed');
			await waitFor(async () => {
				const r = await a.sql`select 1 from incident where site = ${site} and device = 'ELV-1' and kind = 'communication_fault'`;
				return r.length === 1 ? true : undefined;
			}, 10_000, 'the communication fault');

			await advance(60_000);
			await lift.publish('status', { online: true, interval: 30 });
			await waitFor(async () => ((await count('DeviceCameOnline')) === 2 ? true : undefined), 15_000, 'back online');
			expect(await count('DeviceWentOffline')).toBe(1);
		} finally {
			await lift.close();
		}
	});

	it('ends a test window once when its time is up', async () => {
		const started = await a.api(`/api/sites/${site}/tests`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ device: 'FAP-1', point: null, minutes: 1, reason: 'panel service' })
		});
		expect(started.status).toBe(201);
		const key = `test-expiry:${site}:FAP-1/*`;
		await waitFor(() => dueOf(key), 10_000, 'the expiry due');
		await advance(61_000);
		await waitFor(async () => ((await count('TestModeEnded')) === 1 ? true : undefined), 15_000, 'the expiry');
		await waitFor(async () => ((await dueOf(key)) === null ? true : undefined), 10_000, 'the expiry due cleared');
		await advance(61_000);
		expect(await a.sql`select 1 from test_window where site = ${site}`).toHaveLength(0);
		expect(await count('TestModeEnded')).toBe(1);
	});

	it('fires what fell due while every process was down, once, after a restart', async () => {
		const panel = await connectDevice(broker.url, await a.device(site, 'FAP-1', 'fire_panel'));
		let incident: { id: string; opened_at: Date };
		try {
			await panel.publish('alarms', alarmBody('esc-restart', { point: 'loop2/det-9' }));
			[incident] = await waitFor(async () => {
				const r = await a.sql<{ id: string; opened_at: Date }[]>`select id, opened_at from incident where site = ${site} and point = 'loop2/det-9'`;
				return r.length ? r : undefined;
			}, 15_000, 'the incident');
		} finally {
			await panel.close();
		}
		// Both processes go: one killed, one stopped; the due item stays in the database.
		await b.stop('SIGKILL');
		await a.stop('SIGTERM');
		expect(await dueOf(`escalation:${incident.id}`)).not.toBeNull();
		await a.restart();
		await b.restart();
		await advance(61_000);
		await waitFor(async () => ((await dueOf(`escalation:${incident.id}`))?.getTime() === incident.opened_at.getTime() + 120_000 ? true : undefined), 20_000, 'the escalation after the restart');
		const fired = await a.sql`select 1 from event where stream = ${site} and type = 'IncidentEscalated' and data ->> 'incident' = ${incident.id}`;
		expect(fired).toHaveLength(1);
	});
});
