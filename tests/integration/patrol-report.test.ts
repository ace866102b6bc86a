import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { Round } from '../../src/lib/domain/patrol/round';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { createSite, signInCookie, startApp, type RunningApp } from '../fixtures/app';
import { connectDevice } from '../fixtures/clients';
import { importBundle } from '../fixtures/projections-check';
import { waitFor } from '../fixtures/ports';
import { workChecklist } from '../fixtures/procedures';

// Issue 14's patrol report on the real pipeline: rounds made by the scheduler, scans over MQTT,
// a window closed by the app's controlled clock, its exception handled over the API; then the
// report, as JSON and as CSV, against figures worked out by hand.
describe('patrol report', () => {
	const site = `rp-${Date.now().toString(36)}`;
	const quiet = `rq-${Date.now().toString(36)}`;
	const MIN = 60_000;
	const DAY = 24 * 60 * MIN;
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	let app: RunningApp;
	let handheld: Awaited<ReturnType<typeof connectDevice>>;
	/** 01:00 UTC, 09:00 in Shanghai: every round of the test falls on this local day. */
	let morning: Date;

	beforeAll(async () => {
		app = await startApp({ testClock: true });
		const checkpoint = (id: string, n: number) => ({
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [120.15 + n * 0.001, 30.28] },
			properties: { kind: 'checkpoint', id, name: name(id) }
		});
		await importBundle(app.sql, {
			site: { id: site, name: name('报表测试'), address: name('测试路 2 号'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [{ id: 'HH-1', kind: 'guard_handheld', name: name('HH-1') }],
			guards: [
				{ id: 'G1', name: name('王伟') },
				{ id: 'G2', name: name('李娜') }
			],
			plan: { type: 'FeatureCollection', features: ['A', 'B', 'C'].map(checkpoint) }
		} as unknown as SiteBundle);
		await createSite(app.sql, quiet);
		handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-1', 'guard_handheld'));
		// Strict, A then B and C ten minutes apart, ± 5; a silence limit past the whole walk.
		const route = { name: name('东区夜巡'), mode: 'strict', silenceMinutes: 60, stops: ['A', 'B', 'C'].map((checkpoint, n) => ({ checkpoint, legMinutes: n === 0 ? 0 : 10, toleranceMinutes: 5 })) };
		expect((await put('routes/R-1', route)).status).toBe(200);
		const now = (await app.clock.advance(0)).getTime();
		morning = new Date(Math.ceil((now + MIN) / DAY) * DAY + 60 * MIN);
		await app.clock.set(morning);
	});
	afterAll(async () => {
		await handheld?.close();
		await app?.dispose();
	});

	const put = (path: string, body: unknown) =>
		app.api(`/api/sites/${site}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const roundOf = async (id: string): Promise<Round | undefined> =>
		(await app.sql<{ state: Round }[]>`select state from patrol_round where site = ${site} and id = ${id}`)[0]?.state;
	/** A one-off round of R-1 for `guard`, planned `inMinutes` after `morning`. */
	const scheduleOnce = async (schedule: string, guard: string, inMinutes: number): Promise<Round> => {
		const at = new Date(morning.getTime() + inMinutes * MIN);
		expect((await put(`schedules/${schedule}`, { route: 'R-1', rule: { kind: 'once', at: at.toISOString() }, guard })).status).toBe(200);
		return waitFor(() => roundOf(`${schedule}@${at.toISOString()}`), 15_000, `round of ${schedule}`);
	};
	let scanN = 0;
	const scan = async (guard: string, checkpoint: string, at: number) => {
		await app.clock.set(new Date(at));
		const id = `scan-${++scanN}`;
		await handheld.publish('scans', { id, guard, checkpoint, at: new Date(at).toISOString(), method: 'nfc' });
		expect((await handheld.receiptFor(id)).status).toBe('stored');
	};
	const settled = (id: string, status: Round['status']) =>
		waitFor(async () => {
			const r = await roundOf(id);
			return r?.status === status ? r : undefined;
		}, 15_000, `${id} ${status}`);
	const step = async (incident: string, verb: string, body: object = {}) => {
		const r = await app.api(`/api/incidents/${incident}/${verb}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(r.status, `${verb} ${incident}`).toBe(200);
	};

	it('reports compliance per day, route and guard, with the exception and how it was closed', async () => {
		// G1 walks every checkpoint in its window.
		const ok = await scheduleOnce('S-OK', 'G1', 10);
		const okStart = Date.parse(ok.plannedStart);
		await scan('G1', 'A', okStart + MIN);
		await scan('G1', 'B', okStart + 11 * MIN);
		await scan('G1', 'C', okStart + 21 * MIN);
		await settled(ok.id, 'completed');

		// G2: A on time; B's window ends unscanned (the exception opens), B scanned two minutes
		// later (late); C never (missed).
		const miss = await scheduleOnce('S-MISS', 'G2', 40);
		const missStart = Date.parse(miss.plannedStart);
		await scan('G2', 'A', missStart + MIN);
		await app.clock.set(new Date(Date.parse(miss.checkpoints[1].windowEnd)));
		const exception = await waitFor(async () => {
			const [row] = await app.sql<{ state: Incident }[]>`select state from incident where site = ${site} and kind = 'patrol_exception' and point = ${miss.id}`;
			return row?.state;
		}, 15_000, 'the exception');
		await scan('G2', 'B', missStart + 17 * MIN);
		await app.clock.set(new Date(Date.parse(miss.checkpoints[2].windowEnd)));
		const done = await settled(miss.id, 'incomplete');
		expect(done.checkpoints.map((c) => c.state)).toEqual(['on_time', 'late', 'missed']);
		await step(exception.id, 'ack', { disposition: 'real' });
		await workChecklist(app, exception.id);
		await step(exception.id, 'resolve');

		// G1's next round is planned but not begun: its checkpoints are pending.
		const later = await scheduleOnce('S-LATER', 'G1', 100);
		expect(later.status).toBe('scheduled');

		const from = new Date(morning.getTime() - 60 * MIN).toISOString();
		const to = new Date(morning.getTime() + DAY - 60 * MIN).toISOString();
		const r = await app.api(`/api/reports/patrol?site=${site}&from=${from}&to=${to}`);
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toMatch(/^application\/json/);
		const report = await r.json();
		const day = morning.toISOString().slice(0, 10);
		const none = { real: 0, false_alarm: 0, test: 0, duplicate: 0, none: 0 };
		const g1 = {
			expected: 3,
			onTime: 3,
			late: 0,
			missed: 0,
			outOfOrder: 0,
			skipped: 0,
			pending: 3,
			compliance: 1,
			rounds: { total: 2, completed: 1, incomplete: 0, active: 1 },
			exceptions: { count: 0, byStatus: { open: 0, resolved: 0, closed: 0 }, byDisposition: none }
		};
		const g2 = {
			expected: 3,
			onTime: 1,
			late: 1,
			missed: 1,
			outOfOrder: 0,
			skipped: 0,
			pending: 0,
			compliance: 1 / 3,
			rounds: { total: 1, completed: 0, incomplete: 1, active: 0 },
			exceptions: { count: 1, byStatus: { open: 0, resolved: 1, closed: 0 }, byDisposition: { ...none, real: 1 } }
		};
		expect(report.from).toBe(from);
		expect(report.to).toBe(to);
		expect(report.sites).toHaveLength(1);
		const [s] = report.sites;
		expect(s.site).toBe(site);
		expect(s.rows).toEqual([
			{ day, route: 'R-1', guard: 'G1', ...g1 },
			{ day, route: 'R-1', guard: 'G2', ...g2 }
		]);
		expect(s.totals).toEqual({
			expected: 6,
			onTime: 4,
			late: 1,
			missed: 1,
			outOfOrder: 0,
			skipped: 0,
			pending: 3,
			compliance: 4 / 6,
			rounds: { total: 3, completed: 1, incomplete: 1, active: 1 },
			exceptions: { count: 1, byStatus: { open: 0, resolved: 1, closed: 0 }, byDisposition: { ...none, real: 1 } }
		});
		expect(s.byGuard.map((g: { guard: string }) => g.guard)).toEqual(['G1', 'G2']);
		expect(s.byRoute).toEqual([{ route: 'R-1', ...s.totals }]);
		expect(s.byDay).toEqual([{ day, ...s.totals }]);
		expect(s.guardNames).toEqual({ G1: name('王伟'), G2: name('李娜') });
		expect(s.routeNames).toEqual({ 'R-1': name('东区夜巡') });

		const csv = await app.api(`/api/reports/patrol?site=${site}&from=${from}&to=${to}`, { headers: { accept: 'text/csv' } });
		expect(csv.status).toBe(200);
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect((await csv.text()).split('\r\n')).toEqual([
			'site,day,route,guard,rounds,rounds_completed,rounds_incomplete,rounds_active,expected,on_time,late,missed,out_of_order,skipped,pending,compliance,' +
				'exceptions,exceptions_open,exceptions_resolved,exceptions_closed,exceptions_real,exceptions_false_alarm,exceptions_test,exceptions_duplicate,exceptions_undisposed',
			`${site},${day},R-1,G1,2,1,0,1,3,3,0,0,0,0,3,1.0000,0,0,0,0,0,0,0,0,0`,
			`${site},${day},R-1,G2,1,0,1,0,3,1,1,1,0,0,0,0.3333,1,0,1,0,1,0,0,0,0`,
			''
		]);

		// A window that ends before the rounds' planned starts holds none of them.
		const before = await (await app.api(`/api/reports/patrol?site=${site}&from=${from}&to=${morning.toISOString()}`)).json();
		expect(before.sites[0].rows).toEqual([]);
	});

	it("lists the caller's sites when none is named, and refuses bad windows, types and other sites", async () => {
		const all = await (await app.api('/api/reports/patrol')).json();
		expect(all.sites.map((s: { site: string }) => s.site)).toEqual(expect.arrayContaining([site, quiet]));

		const password = 'operator-password-1';
		const created = await app.api('/api/users', {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ username: 'rq-op', displayName: 'rq-op', role: 'operator', password, sites: [quiet] })
		});
		expect(created.status).toBe(201);
		const operator = { cookie: await signInCookie(app.baseUrl, 'rq-op', password) };
		const own = await fetch(`${app.baseUrl}/api/reports/patrol`, { headers: operator });
		expect((await own.json()).sites.map((s: { site: string }) => s.site)).toEqual([quiet]);
		expect((await fetch(`${app.baseUrl}/api/reports/patrol?site=${site}`, { headers: operator })).status).toBe(403);

		const at = morning.toISOString();
		expect((await app.api(`/api/reports/patrol?site=${site}&from=${at}&to=${at}`)).status).toBe(400);
		expect((await app.api(`/api/reports/patrol?site=${site}&from=${new Date(morning.getTime() - 401 * DAY).toISOString()}&to=${at}`)).status).toBe(400);
		expect((await app.api(`/api/reports/patrol?site=${site}&from=yesterday`)).status).toBe(400);
		expect((await app.api(`/api/reports/patrol?site=${site}`, { headers: { accept: 'image/png' } })).status).toBe(406);
		expect((await app.api('/api/reports/patrol?site=no-such-site')).status).toBe(404);
	});
});
