import { isTestStamped } from '../../src/lib/domain/events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDashboard, connectDevice } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { EventEnvelope } from '../../src/lib/domain/events';
import type { SiteState } from '../../src/lib/realtime/contract';

// Test mode over the real pipeline: a point or a whole device in test logs its alarms as tests
// and opens no incident; ending the test, or its time running out, brings incidents back.
describe('test mode', () => {
	let app: RunningApp;
	const site = uniqueId('tm');
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const point = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'alarm_point', id, name: name(id), device: 'FAP-1', type: 'smoke', zone: 'T1' }
	});
	const plan = { type: 'FeatureCollection', features: [point('loop1/det-1', 120.15), point('loop1/det-2', 120.151)] };

	beforeAll(async () => {
		// A controlled clock: a test's end is reached by moving the app's time, not by waiting.
		app = await startApp({ testClock: true });
		await createSite(app.sql, site, 'Asia/Shanghai', plan);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const incidentsAt = async (p: string): Promise<Incident[]> => {
		const r = await app.api(`/api/incidents?site=${site}&status=all`);
		return ((await r.json()) as { incidents: Incident[] }).incidents.filter((i) => i.point === p);
	};
	const startTest = (body: unknown) =>
		app.api(`/api/sites/${site}/tests`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const storedAlarm = async (id: string): Promise<EventEnvelope<'AlarmRaised'>['data']> => {
		const rows = await waitFor(async () => {
			const r = await app.sql<{ data: EventEnvelope<'AlarmRaised'>['data'] }[]>`select data from event where stream = ${site} and source_event_id = ${id}`;
			return r.length ? r : undefined;
		}, 10_000, `alarm ${id} stored`);
		return rows[0].data;
	};

	it('logs a point’s alarms as tests while it is in test, opens incidents again once the test is ended, and refuses bad requests', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		const watcher = await connectDashboard(app.baseUrl, app.cookie);
		try {
			expect((await watcher.join(site, 0)).ok).toBe(true);
			expect((await startTest({ device: 'FAP-1', point: 'loop1/det-9', minutes: 30, reason: 'annual test' })).status).toBe(404);
			expect(await (await startTest({ device: 'FAP-9', minutes: 30, reason: 'x' })).json()).toEqual({ reason: 'unknown_device' });
			expect((await startTest({ device: 'FAP-1', point: 'loop1/det-1', minutes: 30, reason: '  ' })).status).toBe(400);
			expect((await startTest({ device: 'FAP-1', point: 'loop1/det-1', minutes: 0, reason: 'x' })).status).toBe(400);

			const started = await startTest({ device: 'FAP-1', point: 'loop1/det-1', minutes: 30, reason: 'annual fire-panel test' });
			expect(started.status).toBe(201);
			const state = (await (await app.api(`/api/sites/${site}/state`)).json()) as SiteState;
			expect(state.projections.tests).toEqual([expect.objectContaining({ site, device: 'FAP-1', point: 'loop1/det-1', reason: 'annual fire-panel test' })]);
			await waitFor(() => watcher.events(site).find((e) => e.type === 'TestModeStarted'), 5_000, 'TestModeStarted on the socket');

			await device.publish('alarms', alarmBody('t-1', { point: 'loop1/det-1' }));
			await device.publish('alarms', alarmBody('t-2', { point: 'loop1/det-2' }));
			expect(await storedAlarm('t-1')).toMatchObject({ point: 'loop1/det-1', test: true });
			expect((await storedAlarm('t-2')).test).toBeUndefined();
			await waitFor(async () => ((await incidentsAt('loop1/det-2')).length === 1 ? true : undefined), 10_000, 'det-2 incident');
			expect(await incidentsAt('loop1/det-1')).toEqual([]);
			// The consoles get the test alarm as an event, marked.
			const live = await waitFor(() => watcher.events(site).find((e) => e.id === 't-1'), 5_000, 't-1 on the socket');
			expect(isTestStamped(live)).toBe(true);

			const ended = await app.api(`/api/sites/${site}/tests/FAP-1?point=${encodeURIComponent('loop1/det-1')}`, { method: 'DELETE' });
			expect(ended.status).toBe(200);
			expect((await app.api(`/api/sites/${site}/tests/FAP-1?point=${encodeURIComponent('loop1/det-1')}`, { method: 'DELETE' })).status).toBe(409);
			await device.publish('alarms', alarmBody('t-3', { point: 'loop1/det-1' }));
			expect((await storedAlarm('t-3')).test).toBeUndefined();
			await waitFor(async () => ((await incidentsAt('loop1/det-1')).length === 1 ? true : undefined), 10_000, 'det-1 incident after the test');

			const audit = await app.sql<{ type: string; source_kind: string }[]>`
				select type, source_kind from event where stream = ${site} and type like 'TestMode%' order by seq`;
			expect(audit).toEqual([
				{ type: 'TestModeStarted', source_kind: 'user' },
				{ type: 'TestModeEnded', source_kind: 'user' }
			]);
		} finally {
			watcher.close();
			await device.close();
		}
	});

	it('a whole device in test covers every point, and returns to normal by itself when its time is up', async () => {
		const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
		try {
			expect((await startTest({ device: 'FAP-1', point: null, minutes: 1, reason: 'panel firmware update' })).status).toBe(201);
			await device.publish('alarms', alarmBody('w-1', { point: 'loop1/det-2', state: 'cleared' }));
			await device.publish('alarms', alarmBody('w-2', { point: 'loop3/det-40' }));
			expect(await storedAlarm('w-1')).toMatchObject({ test: true });
			expect(await storedAlarm('w-2')).toMatchObject({ test: true });
			expect(await incidentsAt('loop3/det-40')).toEqual([]);

			// A minute is the shortest test: move the app's clock past its end rather than wait for it.
			expect(await app.sql`select 1 from event where stream = ${site} and type = 'TestModeEnded' and data ->> 'point' is null`).toHaveLength(0);
			await app.clock.advance(61_000);
			const expired = await waitFor(async () => {
				const r = await app.sql<{ source_id: string; data: { how: string } }[]>`
					select source_id, data from event where stream = ${site} and type = 'TestModeEnded' and data ->> 'point' is null`;
				return r.length ? r : undefined;
			}, 10_000, 'the expiry logged');
			expect(expired).toEqual([{ source_id: 'test-mode', data: expect.objectContaining({ how: 'expired', device: 'FAP-1' }) }]);
			expect(await app.sql`select 1 from test_window where site = ${site}`).toHaveLength(0);
			const tests = (await (await app.api(`/api/sites/${site}/tests`)).json()) as { tests: unknown[] };
			expect(tests.tests).toEqual([]);

			await device.publish('alarms', alarmBody('w-3', { point: 'loop3/det-40' }));
			expect((await storedAlarm('w-3')).test).toBeUndefined();
			await waitFor(async () => ((await incidentsAt('loop3/det-40')).length === 1 ? true : undefined), 10_000, 'incident after expiry');
		} finally {
			await device.close();
		}
	});
});
