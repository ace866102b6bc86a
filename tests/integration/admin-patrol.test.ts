import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PatrolPlanRow } from '../../src/lib/domain/patrol/plans';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { importBundle } from '../fixtures/projections-check';

// The admin patrol page's form actions, as a browser without JavaScript posts them: each one
// appends its event through the command path and the patrolPlans row follows; a stop that is
// not a checkpoint of the plan is refused at the form, in the reader's language, and nothing is appended.
describe('admin patrol page', () => {
	let app: RunningApp;
	const site = uniqueId('ap');
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const checkpoint = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'checkpoint', id, name: name(`Checkpoint ${id}`) }
	});

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, {
			site: { id: site, name: name('巡更页面'), address: name('测试路 2 号'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
			devices: [],
			guards: [{ id: 'G1', name: name('王伟') }],
			plan: { type: 'FeatureCollection', features: ['A', 'B', 'C'].map((id, n) => checkpoint(id, 120.15 + n * 0.001)) }
		} as unknown as SiteBundle);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const post = (action: string, fields: [string, string][], locale = 'en') => {
		const body = new URLSearchParams(fields);
		return fetch(`${app.baseUrl}/admin/patrol?site=${site}&/${action}`, {
			method: 'POST',
			body,
			headers: { origin: app.baseUrl, accept: 'text/html', cookie: `${app.cookie}; PARAGLIDE_LOCALE=${locale}` }
		});
	};
	const routeFields = (id: string, stops: [string, number, number][]): [string, string][] => [
		['id', id],
		['name_zh-CN', '夜巡'],
		['name_zh-TW', '夜巡'],
		['name_en', 'Night round'],
		['mode', 'strict'],
		['silenceMinutes', '20'],
		...stops.flatMap(([stop, leg, tolerance]): [string, string][] => [['stop', stop], ['leg', String(leg)], ['tolerance', String(tolerance)]])
	];
	const eventsOf = (type: string) => app.sql<{ data: Record<string, unknown>; source_kind: string }[]>`select data, source_kind from event where stream = ${site} and type = ${type} order by seq`;
	const planRow = async (id: string) => (await app.sql<{ state: PatrolPlanRow }[]>`select state from patrol_plan where site = ${site} and id = ${id}`)[0]?.state;

	it('saves a route: RouteDefined with the stops in order, and its patrol_plan row', async () => {
		const r = await post('saveRoute', routeFields('NIGHT', [['C', 0, 5], ['A', 7, 3], ['B', 3, 5]]));
		expect(r.status).toBe(200);
		expect(await r.text()).toContain('Route NIGHT saved.');
		const [event] = await eventsOf('RouteDefined');
		expect(event.source_kind).toBe('user');
		expect(event.data).toEqual({
			route: 'NIGHT',
			name: { 'zh-CN': '夜巡', 'zh-TW': '夜巡', en: 'Night round' },
			mode: 'strict',
			silenceMinutes: 20,
			stops: [
				{ checkpoint: 'C', legMinutes: 0, toleranceMinutes: 5 },
				{ checkpoint: 'A', legMinutes: 7, toleranceMinutes: 3 },
				{ checkpoint: 'B', legMinutes: 3, toleranceMinutes: 5 }
			]
		});
		expect(await planRow('route/NIGHT')).toMatchObject({ kind: 'route', route: 'NIGHT', mode: 'strict', silenceMinutes: 20, stops: event.data.stops });
		// The page lists it, stops named in order.
		const page = await (await fetch(`${app.baseUrl}/admin/patrol?site=${site}`, { headers: { cookie: `${app.cookie}; PARAGLIDE_LOCALE=en` } })).text();
		expect(page).toMatch(/data-route="NIGHT"[\s\S]*?1\. Checkpoint C → 2\. Checkpoint A → 3\. Checkpoint B/);
	});

	it('refuses a stop that is not in the plan, in the reader’s language, keeping what was typed, appending nothing', async () => {
		const before = (await eventsOf('RouteDefined')).length;
		const r = await post('saveRoute', routeFields('GHOST', [['A', 0, 5], ['Z9', 4, 5]]), 'zh-CN');
		expect(r.status).toBe(400);
		const html = await r.text();
		expect(html).toContain('有巡更点不在本小区平面图中');
		// The typed stops come back in the form, the missing one by its id.
		expect(html).toMatch(/data-stop="A"[\s\S]*data-stop="Z9"/);
		expect((await eventsOf('RouteDefined')).length).toBe(before);
		expect(await planRow('route/GHOST')).toBeUndefined();

		// A form the schema refuses names its fields: no stops, a bad id.
		const empty = await post('saveRoute', [['id', 'bad id'], ['name_zh-CN', 'x'], ['name_zh-TW', 'x'], ['name_en', 'x'], ['mode', 'strict']]);
		expect(empty.status).toBe(400);
		const text = await empty.text();
		expect(text).toContain('ID: 1–64 letters, digits, _ or -');
		expect(text).toContain('A route needs at least one stop');
	});

	it('saves schedules of each kind in the site’s time zone, refuses an unknown guard, and removes', async () => {
		const schedule = (id: string, kind: string, extra: [string, string][], guard = '') => post('saveSchedule', [['id', id], ['route', 'NIGHT'], ['guard', guard], ['kind', kind], ...extra]);
		expect((await schedule('S-EVERY', 'every', [['minutes', '120'], ['from', '20:00'], ['to', '06:00']], 'G1')).status).toBe(200);
		expect((await schedule('S-DAILY', 'daily', [['times', '20:00, 08:00']])).status).toBe(200);
		expect((await schedule('S-ONCE', 'once', [['at', '2031-05-01T21:30']])).status).toBe(200);
		const events = (await eventsOf('ScheduleDefined')).map((e) => e.data);
		expect(events).toEqual([
			{ schedule: 'S-EVERY', route: 'NIGHT', rule: { kind: 'every', minutes: 120, from: '20:00', to: '06:00' }, guard: 'G1' },
			{ schedule: 'S-DAILY', route: 'NIGHT', rule: { kind: 'daily', times: ['08:00', '20:00'] }, guard: null },
			// 21:30 in Shanghai (UTC+8).
			{ schedule: 'S-ONCE', route: 'NIGHT', rule: { kind: 'once', at: '2031-05-01T13:30:00.000Z' }, guard: null }
		]);
		expect(await planRow('schedule/S-EVERY')).toMatchObject({ kind: 'schedule', route: 'NIGHT', guard: 'G1', rule: { kind: 'every', minutes: 120 } });
		const page = await (await fetch(`${app.baseUrl}/admin/patrol?site=${site}`, { headers: { cookie: `${app.cookie}; PARAGLIDE_LOCALE=en` } })).text();
		expect(page).toContain('Every 2 h from 20:00 to 06:00');
		expect(page).toContain('Once, at 2031-05-01 21:30');
		expect(page).toContain('Times are in the site’s time zone: Asia/Shanghai.');

		const stranger = await schedule('S-X', 'daily', [['times', '09:00']], 'G-NOBODY');
		expect(stranger.status).toBe(400);
		expect(await stranger.text()).toContain('That guard is not on this site’s roster.');
		expect(await planRow('schedule/S-X')).toBeUndefined();

		expect((await post('removeSchedule', [['id', 'S-DAILY']])).status).toBe(200);
		expect(await planRow('schedule/S-DAILY')).toBeUndefined();
		expect((await post('removeRoute', [['id', 'NIGHT']])).status).toBe(200);
		expect((await eventsOf('RouteRemoved')).map((e) => e.data)).toEqual([{ route: 'NIGHT' }]);
		// Removing a route removes its schedules.
		expect(await app.sql`select id from patrol_plan where site = ${site}`).toEqual([]);
	});
});
