import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/lib/server/runtime';
import { SESSION_COOKIE } from '../../src/lib/server/auth/sessions';
import { signIn } from '../../src/lib/server/auth/sign-in';
import { ProjectionStore } from '../../src/lib/realtime/store.svelte';
import { checkProjections } from '../../src/lib/server/replay/check';
import type { SiteProjectionsPayload } from '../../src/lib/realtime/contract';
import { ADMIN_PASSWORD, createFreshDatabase, createSite, makeTempDir, profile } from '../fixtures/app';
import { alarmBody, connectDashboard } from '../fixtures/clients';
import { freePort, waitFor } from '../fixtures/ports';
import { ALARMS_PER_POINT_TABLE, alarmsPerPointProjection } from '../fixtures/projections/alarms-per-point/project';
import type { AlarmPointDay } from '../fixtures/projections/alarms-per-point/evolve';

// A projection the product does not have (alarms per point per day), written only here as one
// folder (tests/fixtures/projections/alarms-per-point) and added to the registry with one line.
// It must be kept in the appending transaction, reach a browser's store live over
// `site:projections`, and come with a snapshot and a join, with no other edit anywhere.
describe('the projection registry', () => {
	const site = `reg-${Date.now().toString(36)}`;
	let runtime: Runtime;
	let io: Server;
	let server: http.Server;
	let baseUrl: string;
	let dropDatabase: (() => Promise<void>) | undefined;

	beforeAll(async () => {
		server = http.createServer();
		io = new Server(server);
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		let databaseUrl: string | undefined;
		if (profile.databaseUrl) {
			const fresh = await createFreshDatabase(profile.databaseUrl);
			databaseUrl = fresh.url;
			dropDatabase = fresh.drop;
		}
		runtime = await startRuntime({
			io,
			env: {
				DATA_DIR: await makeTempDir('shouwang-registry-'),
				DEMO: '0',
				ADMIN_PASSWORD,
				LOG_LEVEL: 'warn',
				MQTT_CLIENT_ID: `shouwang-registry-${Date.now().toString(36)}`,
				MQTT_BRIDGE_CONNECTIONS: '2',
				...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
				...(profile.mqttUrl ? { MQTT_URL: profile.mqttUrl } : { MQTT_PORT: String(await freePort()) })
			},
			// The one registry line.
			projections: (registry) => [...registry, alarmsPerPointProjection]
		});
		await runtime.sql.unsafe(ALARMS_PER_POINT_TABLE);
		await createSite(runtime.sql as never, site);
	});
	afterAll(async () => {
		await runtime?.stop();
		io?.close();
		await new Promise((r) => server?.close(r));
		await dropDatabase?.();
	});

	const byPoint = (rows: AlarmPointDay[]) => rows.map((r) => [r.point, r.raised]).sort();
	const raise = (id: string, point: string) =>
		runtime.acceptor.accept({ channel: 'http', topic: null, site, device: 'FAP-1', kind: 'alarms', raw: Buffer.from(JSON.stringify(alarmBody(id, { point }))), receivedAt: runtime.clock.now() });

	it('keeps a fixture projection in the appending transaction and sends its rows live to a browser store', async () => {
		const signedIn = await signIn({ sql: runtime.sql, run: runtime.run, log: runtime.log }, 'admin', ADMIN_PASSWORD, { address: '127.0.0.1', userAgent: 'registry test' });
		if (!signedIn.ok) throw new Error('admin sign-in failed');
		const dashboard = await connectDashboard(baseUrl, `${SESSION_COOKIE}=${signedIn.token}`, { origin: baseUrl });
		const store = new ProjectionStore();
		const packets: SiteProjectionsPayload[] = [];
		dashboard.socket.on('site:projections', (p) => {
			packets.push(p);
			store.apply(p);
		});
		try {
			expect((await dashboard.join(site, 0)).ok).toBe(true);
			expect((await raise('r-1', 'loop1/det-1')).status).toBe('stored');
			expect((await raise('r-2', 'loop1/det-1')).status).toBe('stored');
			expect((await raise('r-3', 'loop1/det-2')).status).toBe('stored');

			const rows = await waitFor(() => {
				const r = store.siteRows('alarmsPerPoint', site) as AlarmPointDay[];
				return r.find((x) => x.point === 'loop1/det-1')?.raised === 2 && r.some((x) => x.point === 'loop1/det-2') ? r : undefined;
			}, 10_000, 'the fixture projection in the browser store');
			expect(rows.map((r) => [r.point, r.raised]).sort()).toEqual([
				['loop1/det-1', 2],
				['loop1/det-2', 1]
			]);
			// Beside the product's own projections, in the same packets.
			expect(packets.some((p) => p.updates.alarmsPerPoint && p.updates.incidents)).toBe(true);
			// Persisted in the same transaction as the events.
			const stored = await runtime.sql<{ point: string; raised: number }[]>`select point, raised from alarm_point_day where site = ${site} order by point`;
			expect(stored).toEqual([
				{ point: 'loop1/det-1', raised: 2 },
				{ point: 'loop1/det-2', raised: 1 }
			]);

			// A first paint and a join that missed events carry its rows too.
			const snapshot = await runtime.getSnapshot(site);
			expect(snapshot?.projections.alarmsPerPoint).toHaveLength(2);
			const late = await dashboard.join(site, 0);
			expect(late.ok && late.data.projections?.alarmsPerPoint).toHaveLength(2);

			// The state at any instant and `projections check` replay it by its rule, with no other edit.
			const now = await runtime.readState(site, null);
			expect(now.ok && byPoint(now.state.projections.alarmsPerPoint as AlarmPointDay[])).toEqual(byPoint(rows));
			const [{ seq: second }] = await runtime.sql<{ seq: number }[]>`select seq from event where stream = ${site} and source_event_id = 'r-2'`;
			const then = await runtime.readState(site, { seq: second });
			expect(then.ok && byPoint(then.state.projections.alarmsPerPoint as AlarmPointDay[])).toEqual([['loop1/det-1', 2]]);
			expect((await checkProjections(runtime.sql, runtime.projections, { sites: [site] })).differences).toEqual([]);
			await runtime.sql`update alarm_point_day set raised = 5 where site = ${site} and point = 'loop1/det-2'`;
			expect((await checkProjections(runtime.sql, runtime.projections, { sites: [site] })).differences).toMatchObject([
				{ site, projection: 'alarmsPerPoint', kind: 'different', stored: { raised: 5 }, replayed: { raised: 1 } }
			]);
		} finally {
			dashboard.close();
		}
	});
});
