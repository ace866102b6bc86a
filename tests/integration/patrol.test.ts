import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { Round } from '../../src/lib/domain/patrol/round';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { startApp, type RunningApp } from '../fixtures/app';
import { connectDashboard, connectDevice } from '../fixtures/clients';
import { importBundle } from '../fixtures/projections-check';
import { waitFor } from '../fixtures/ports';

// Issue 14's acceptance on the real pipeline: routes and schedules over the API, rounds made by
// the scheduler, scans over MQTT, windows and silences fired by the app's controlled clock.
describe('patrol rounds', () => {
	const site = `pt-${Date.now().toString(36)}`;
	let app: RunningApp;
	let handheld: Awaited<ReturnType<typeof connectDevice>>;
	const MIN = 60_000;

	const checkpoint = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'checkpoint', id, name: { 'zh-CN': id, 'zh-TW': id, en: id } }
	});
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });

	beforeAll(async () => {
		app = await startApp({ testClock: true });
		const bundle = {
			site: { id: site, name: name('巡逻测试'), address: name('测试路 1 号'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [{ id: 'HH-1', kind: 'guard_handheld', name: name('HH-1') }],
			guards: [{ id: 'G1', name: name('王伟') }, { id: 'G2', name: name('李娜') }],
			plan: { type: 'FeatureCollection', features: ['A', 'B', 'C', 'D'].map((id, n) => checkpoint(id, 120.15 + n * 0.001)) }
		} as unknown as SiteBundle;
		await importBundle(app.sql, bundle);
		handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-1', 'guard_handheld'));
		for (const [id, body] of [
			['R-STRICT', route('strict', ['A', 'B', 'C'])],
			['R-ANY', route('any_order', ['A', 'B', 'C'])],
			['R-LONG', { ...route('strict', [], 12), stops: ['A', 'B', 'C', 'D'].map((checkpoint, n) => ({ checkpoint, legMinutes: n === 0 ? 0 : 30, toleranceMinutes: 10 })) }]
		] as const) {
			expect((await put(`routes/${id}`, body)).status).toBe(200);
		}
	});
	afterAll(async () => {
		await handheld?.close();
		await app?.dispose();
	});

	const put = (path: string, body: unknown) =>
		app.api(`/api/sites/${site}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const route = (mode: 'strict' | 'any_order', stops: string[], silenceMinutes = 15) => ({
		name: name(`Route ${mode}`),
		mode,
		silenceMinutes,
		stops: stops.map((checkpoint, n) => ({ checkpoint, legMinutes: n === 0 ? 0 : 10, toleranceMinutes: 5 }))
	});
	const roundsOf = async (): Promise<Round[]> => {
		const now = (await app.clock.advance(0)).getTime();
		const window = `from=${new Date(now - 10 * 24 * 60 * MIN).toISOString()}&to=${new Date(now + 10 * 24 * 60 * MIN).toISOString()}`;
		const r = await app.api(`/api/sites/${site}/rounds?status=all&${window}`);
		expect(r.status).toBe(200);
		return (await r.json()).rounds;
	};
	const roundNamed = async (id: string) => (await roundsOf()).find((r) => r.id === id);
	const incidentsOf = async (kind: string) =>
		(await app.sql<{ state: Incident }[]>`select state from incident where site = ${site} and kind = ${kind} order by opened_at`).map((r) => r.state);
	let scanN = 0;
	const scan = async (guard: string, checkpoint: string, at: Date) => {
		const id = `scan-${++scanN}`;
		await handheld.publish('scans', { id, guard, checkpoint, at: at.toISOString(), method: 'nfc' });
		const receipt = await handheld.receiptFor(id);
		expect(receipt.status).toBe('stored');
	};
	/** A one-off schedule of `routeId` starting `inMs` from the app's now, assigned to `guard`; resolves with the round. */
	const scheduleOnce = async (schedule: string, routeId: string, guard: string | null, inMs: number): Promise<Round> => {
		const now = await app.clock.advance(0);
		const at = new Date(Math.ceil((now.getTime() + inMs) / MIN) * MIN);
		expect((await put(`schedules/${schedule}`, { route: routeId, rule: { kind: 'once', at: at.toISOString() }, guard })).status).toBe(200);
		return waitFor(() => roundNamed(`${schedule}@${at.toISOString()}`), 15_000, `round of ${schedule}`);
	};

	it('refuses a route through a checkpoint the site does not have, and a schedule of a missing route', async () => {
		const bad = await put('routes/R-BAD', route('strict', ['A', 'NOPE']));
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ reason: 'unknown_checkpoint' });
		expect((await put('schedules/S-BAD', { route: 'R-NONE', rule: { kind: 'daily', times: ['08:00'] } })).status).toBe(404);
		expect((await put('routes/R-BAD', { ...route('strict', ['A']), mode: 'sideways' })).status).toBe(400);
	});

	it('opens one patrol exception for a round within 1 s of its unscanned checkpoint window ending, naming round, checkpoint and guard', async () => {
		const round = await scheduleOnce('S-MISS', 'R-STRICT', 'G1', 10 * MIN);
		expect(round.status).toBe('scheduled');
		expect(round.checkpoints.map((c) => c.state)).toEqual(['pending', 'pending', 'pending']);
		const start = Date.parse(round.plannedStart);

		await app.clock.set(new Date(start + MIN));
		await scan('G1', 'A', new Date(start + MIN));
		await app.clock.set(new Date(start + 11 * MIN));
		await scan('G1', 'B', new Date(start + 11 * MIN));
		const walking = await roundNamed(round.id);
		expect(walking?.status).toBe('in_progress');
		expect(walking?.checkpoints.map((c) => c.state)).toEqual(['on_time', 'on_time', 'pending']);

		// C's window is 20 ± 5 minutes after the start: at its end, C is missed.
		const cEnd = Date.parse(round.checkpoints[2].windowEnd);
		expect(cEnd).toBe(start + 25 * MIN);
		await app.clock.set(new Date(cEnd));
		const [exception] = await waitFor(async () => {
			const found = await incidentsOf('patrol_exception');
			return found.length ? found : undefined;
		}, 15_000, 'the patrol exception');
		expect(Date.parse(exception.openedAt) - cEnd).toBeLessThanOrEqual(1000);
		expect(exception.point).toBe(round.id);
		expect(exception.device).toBe('R-STRICT');
		expect(exception.patrol).toMatchObject({ round: round.id, route: 'R-STRICT', guard: 'G1', missed: ['C'] });
		const detail = await (await app.api(`/api/incidents/${exception.id}`)).json();
		expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['RoundWindowClosed', 'ChecklistAttached']); // the patrol-exception procedure, attached as it opened
		const done = await roundNamed(round.id);
		expect(done?.status).toBe('incomplete');
		expect(done?.compliance).toBeCloseTo(2 / 3);
	});

	it('flags an out-of-order scan in strict mode and accepts it in any order', async () => {
		const strict = await scheduleOnce('S-ORDER-STRICT', 'R-STRICT', 'G2', 10 * MIN);
		const any = await scheduleOnce('S-ORDER-ANY', 'R-ANY', 'G1', 0);
		const start = Date.parse(strict.plannedStart);
		await app.clock.set(new Date(start + 12 * MIN));
		// G2 scans B (due at +10) before A (due at +0, still in its window? no: A's window ended at +5).
		await scan('G2', 'B', new Date(start + 12 * MIN));
		await app.clock.set(new Date(start + 13 * MIN));
		await scan('G2', 'A', new Date(start + 13 * MIN));
		const s = await waitFor(async () => {
			const r = await roundNamed(strict.id);
			return r && r.checkpoints[0].state !== 'pending' ? r : undefined;
		}, 15_000, 'the strict round scanned');
		expect(s.checkpoints.find((c) => c.checkpoint === 'B')?.state).toBe('out_of_order');

		await scan('G1', 'C', new Date(start + 13 * MIN));
		await scan('G1', 'A', new Date(start + 13 * MIN));
		await scan('G1', 'B', new Date(start + 13 * MIN));
		const a = await waitFor(async () => {
			const r = await roundNamed(any.id);
			return r?.status === 'completed' ? r : undefined;
		}, 15_000, 'the any-order round completed');
		expect(a.checkpoints.map((c) => c.state)).toEqual(['on_time', 'on_time', 'on_time']);
		expect(a.compliance).toBe(1);
	});

	it('raises "guard not responding" on the console within 1 s of the silence limit, and notes when the guard is heard from', async () => {
		const round = await scheduleOnce('S-SILENT', 'R-LONG', 'G2', 5 * MIN);
		const start = Date.parse(round.plannedStart);
		const dashboard = await connectDashboard(app.baseUrl, app.cookie);
		try {
			await dashboard.join(site);
			await app.clock.set(new Date(start));
			await scan('G2', 'A', new Date(start));
			const onRound = Date.parse((await waitFor(async () => (await roundNamed(round.id))?.lastContactAt ?? undefined, 15_000, 'contact'))!);
			// A scan off the route six minutes on (a tag the plan lacks) is a sign of life too: when the
			// round's own limit comes, the timer finds it and puts the silence off.
			await app.clock.set(new Date(start + 6 * MIN));
			await scan('G2', 'NOT-ON-PLAN', new Date(start + 6 * MIN));
			const [{ received_at: offRoute }] = await app.sql<{ received_at: Date }[]>`
				select received_at from event where stream = ${site} and type = 'CheckpointScanned' and data ->> 'checkpoint' = 'NOT-ON-PLAN'`;
			const contact = offRoute.getTime();
			const limit = contact + 12 * MIN;
			await app.clock.set(new Date(onRound + 12 * MIN));
			const key = `patrol:${site}:${round.id}`;
			await waitFor(async () => {
				const [due] = await app.sql<{ due_at: Date }[]>`select due_at from due_item where key = ${key}`;
				return due?.due_at.getTime() === limit ? true : undefined;
			}, 15_000, 'the silence put off');
			expect(await incidentsOf('guard_not_responding')).toEqual([]);
			await app.clock.set(new Date(limit));
			const packet = await waitFor(
				() =>
					dashboard.projections.find((p) => p.site === site && (p.updates.incidents?.upsert ?? []).some((i) => (i as Incident).alarmType === 'guard_not_responding')),
				15_000,
				'the incident on the console'
			);
			const incident = packet.updates.incidents!.upsert.find((i) => (i as Incident).alarmType === 'guard_not_responding') as Incident;
			expect(Date.parse(incident.openedAt) - limit).toBeLessThanOrEqual(1000);
			expect(incident.priority).toBe(1);
			expect(incident.patrol).toMatchObject({ round: round.id, guard: 'G2', silentSince: new Date(contact).toISOString() });

			await app.clock.advance(2 * MIN);
			await scan('G2', 'B', new Date(start + 16 * MIN));
			const resumed = await waitFor(async () => {
				const [i] = await incidentsOf('guard_not_responding');
				return i?.patrol?.contactResumedAt ? i : undefined;
			}, 15_000, 'contact resumed');
			expect(resumed.sourceRestoredAt).not.toBeNull();
			expect(resumed.status).toBe('new');
		} finally {
			dashboard.close();
		}
	});

	it('counts a scan made inside its window but uploaded after it as on time, noting the late arrival on the exception', async () => {
		const round = await scheduleOnce('S-UPLOAD', 'R-STRICT', 'G1', 10 * MIN);
		const start = Date.parse(round.plannedStart);
		const aEnd = Date.parse(round.checkpoints[0].windowEnd);
		// The phone is offline: A is scanned at +1 minute, but nothing reaches the server before A's window ends.
		await app.clock.set(new Date(aEnd));
		const exception = await waitFor(async () => (await incidentsOf('patrol_exception')).find((i) => i.point === round.id), 15_000, 'the exception for A');
		expect(exception.patrol?.missed).toEqual(['A']);
		await app.clock.set(new Date(start + 8 * MIN));
		await scan('G1', 'A', new Date(start + MIN));
		const noted = await waitFor(async () => {
			const i = (await incidentsOf('patrol_exception')).find((x) => x.point === round.id);
			return i?.patrol?.scannedLate.length ? i : undefined;
		}, 15_000, 'the late arrival noted');
		expect(noted.patrol?.scannedLate).toEqual([{ checkpoint: 'A', state: 'on_time', scannedAt: new Date(start + MIN).toISOString(), receivedAt: expect.any(String) }]);
		// Received when uploaded (the controlled clock runs on from where it was set).
		expect(Date.parse(noted.patrol!.scannedLate[0].receivedAt) - (start + 8 * MIN)).toBeLessThan(5_000);
		expect(noted.sourceRestoredAt).not.toBeNull();
		const r = await roundNamed(round.id);
		expect(r?.checkpoints[0]).toMatchObject({ state: 'on_time', arrivedLate: true });

		// The log as it stood before the upload shows A missed; now, on time.
		const before = await (await app.api(`/api/sites/${site}/state?at=${encodeURIComponent(new Date(start + 7 * MIN).toISOString())}`)).json();
		const then = (before.projections.rounds as Round[]).find((x) => x.id === round.id);
		expect(then?.checkpoints[0].state).toBe('missed');
		const now = await (await app.api(`/api/sites/${site}/state`)).json();
		expect((now.projections.rounds as Round[]).find((x) => x.id === round.id)?.checkpoints[0].state).toBe('on_time');
	});

	it('stores and flags a scan of a checkpoint the site does not have', async () => {
		const now = await app.clock.advance(0);
		await scan('G1', 'NOT-HERE', now);
		const [row] = await app.sql<{ data: { unknown?: boolean } }[]>`select data from event where stream = ${site} and type = 'CheckpointScanned' and data ->> 'checkpoint' = 'NOT-HERE'`;
		expect(row.data.unknown).toBe(true);
		const state = await (await app.api(`/api/sites/${site}/state`)).json();
		expect(state.projections.rounds).toContainEqual(expect.objectContaining({ kind: 'flagged_scan', checkpoint: 'NOT-HERE', reason: 'unknown_checkpoint' }));
	});
});
