import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { createUser } from '../fixtures/users';
import type { Incident } from '../../src/lib/domain/incident/model';
import type { SiteState } from '../../src/lib/realtime/contract';
import type { TestSql } from '../fixtures/app';

// The wall's first paint over the real pipeline: an alarm on one estate, a device offline and a
// scan on another, read back as the server-rendered tiles of /wall.
describe('wall', () => {
	let app: RunningApp;
	const siteA = uniqueId('wall-a');
	const siteB = uniqueId('wall-b');
	const PASSWORD = 'wall-test-password-1';
	let operatorB: string;
	let guardB: string;

	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const planB = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.15, 30.28] }, properties: { kind: 'checkpoint', id: 'CP-N1', name: { 'zh-CN': '北门岗亭', 'zh-TW': '北門崗亭', en: 'North gate booth' } } },
			{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.151, 30.281] }, properties: { kind: 'checkpoint', id: 'CP-X', name: name('X') } }
		]
	};

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, siteA);
		await createSite(app.sql, siteB, 'Asia/Shanghai', planB);
		await createUser(app.sql, { username: 'op-b', displayName: 'Operator B', role: 'operator', password: PASSWORD, sites: [siteB] });
		await createUser(app.sql, { username: 'guard-b', displayName: 'Guard B', role: 'guard', password: PASSWORD, sites: [siteB] });
		operatorB = await signInCookie(app.baseUrl, 'op-b', PASSWORD);
		guardB = await signInCookie(app.baseUrl, 'guard-b', PASSWORD);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const wallHtml = async (cookie = app.cookie, locale = 'zh-CN') => {
		const r = await fetch(`${app.baseUrl}/wall`, { headers: { cookie: `${cookie}; PARAGLIDE_LOCALE=${locale}` }, redirect: 'manual' });
		expect(r.status).toBe(200);
		return r.text();
	};

	/** A tile's data attributes and its HTML (up to the next tile), or undefined when the page has none for the site. */
	function tileOf(html: string, site: string) {
		const at = html.indexOf(`data-site="${site}"`);
		if (at < 0) return undefined;
		const start = html.lastIndexOf('<a', at);
		const tag = html.slice(start, html.indexOf('>', at) + 1);
		const attrs = Object.fromEntries([...tag.matchAll(/data-([a-z]+)="([^"]*)"/g)].map(([, k, v]) => [k, v]));
		const next = html.indexOf('data-site="', at + 1);
		return { at, attrs, html: html.slice(start, next < 0 ? undefined : next) };
	}

	const incidentsOf = async (site: string): Promise<Incident[]> =>
		((await (await app.api(`/api/incidents?site=${site}`)).json()) as { incidents: Incident[] }).incidents;
	const offlineIn = async (sql: TestSql, site: string) =>
		(await sql<{ id: string }[]>`select id from device where site = ${site} and online = false`).map((r) => r.id);

	it('shows a tile per estate with its open incidents by severity, devices offline and last scans, worst first', async () => {
		const before = await wallHtml();
		expect(tileOf(before, siteA)?.attrs).toMatchObject({ critical: '0', major: '0', offline: '0', alert: 'false' });
		expect(tileOf(before, siteB)?.attrs).toMatchObject({ critical: '0', offline: '0', scans: '0' });
		// No incidents anywhere: by name, so A before B.
		expect(tileOf(before, siteA)!.at).toBeLessThan(tileOf(before, siteB)!.at);

		const fire = await connectDevice(app.mqttUrl, await app.device(siteB, 'FAP-1', 'fire_panel'));
		const elevator = await connectDevice(app.mqttUrl, await app.device(siteB, 'ELV-7', 'elevator_monitor'));
		const handheld = await connectDevice(app.mqttUrl, await app.device(siteB, 'HH-3', 'guard_handheld'));
		try {
			await fire.publish('alarms', alarmBody('wall-fire-1', { type: 'fire', severity: 'critical' }));
			await elevator.publish('status', { online: true });
			await waitFor(async () => ((await app.sql`select 1 from device where site = ${siteB} and id = 'ELV-7' and online`).length ? true : undefined), 10_000, 'ELV-7 online');
			await elevator.publish('status', { online: false });
			await handheld.publish('scans', scanBody('wall-scan-1', { guard: 'G-017', checkpoint: 'CP-N1' }));
			await waitFor(async () => ((await incidentsOf(siteB)).some((i) => i.severity === 'critical') ? true : undefined), 10_000, 'the fire incident');
			await waitFor(async () => ((await offlineIn(app.sql, siteB)).includes('ELV-7') ? true : undefined), 10_000, 'ELV-7 offline');
			await handheld.receiptFor('wall-scan-1');
		} finally {
			await Promise.all([fire.close(), elevator.close(), handheld.close()]);
		}

		// Names from the site bundle replace ids where the bundle gives them.
		await app.sql`update site set guards = ${app.sql.json([{ id: 'G-017', name: { 'zh-CN': '王建国', 'zh-TW': '王建國', en: 'Wang Jianguo' } }] as never)} where id = ${siteB}`;
		await app.sql`update device set name = ${app.sql.json({ 'zh-CN': '3 号电梯监控', 'zh-TW': '3 號電梯監控', en: 'Lift monitor 3' } as never)} where site = ${siteB} and id = 'ELV-7'`;

		const html = await wallHtml();
		const a = tileOf(html, siteA)!;
		const b = tileOf(html, siteB)!;
		expect(a.attrs).toMatchObject({ critical: '0', major: '0', minor: '0', warning: '0', offline: '0', alert: 'false' });
		// The fire (critical) and the elevator's communication fault (major).
		expect(b.attrs).toMatchObject({ critical: '1', major: '1', minor: '0', warning: '0', offline: '1', scans: '1', alert: 'true' });
		expect(b.html).toContain('3 号电梯监控');
		expect(b.html).toContain('北门岗亭'); // the checkpoint's name from the plan, in the reader's language
		expect(b.html).toContain('王建国 · HH-3');
		expect(b.html).toContain('紧急报警未确认');
		expect(b.html).toContain(`href="/?site=${siteB}"`);
		expect(b.at).toBeLessThan(a.at); // the estate with the critical alarm comes first

		const en = tileOf(await wallHtml(app.cookie, 'en'), siteB)!;
		expect(en.html).toContain('North gate booth');
		expect(en.html).toContain('Devices offline');
	});

	it('shows only the sites the user may watch, and none to a guard', async () => {
		const html = await wallHtml(operatorB);
		expect(tileOf(html, siteB)).toBeDefined();
		expect(tileOf(html, siteA)).toBeUndefined();
		const guard = await wallHtml(guardB);
		expect(tileOf(guard, siteB)).toBeUndefined();
		expect(guard).toContain('此账号无权查看监控大屏');
	});

	it('gives a site\'s projections (devices, scans, guards) to its members only', async () => {
		const r = await fetch(`${app.baseUrl}/api/sites/${siteB}/state`, { headers: { cookie: operatorB } });
		expect(r.status).toBe(200);
		const { projections } = (await r.json()) as SiteState;
		expect(projections.devices).toEqual(expect.arrayContaining([{ id: 'ELV-7', site: siteB, online: false }]));
		expect(projections.scans).toMatchObject([{ checkpoint: 'CP-N1', guard: 'G-017', device: 'HH-3' }]);
		expect(projections.guards).toMatchObject([{ id: 'G-017', checkpoint: 'CP-N1' }]);
		expect((await fetch(`${app.baseUrl}/api/sites/${siteA}/state`, { headers: { cookie: operatorB } })).status).toBe(403);
		expect((await app.api('/api/sites/no-such-site/state')).status).toBe(404);
		expect((await fetch(`${app.baseUrl}/api/sites/${siteB}/state`)).status).toBe(401);
	});
});
