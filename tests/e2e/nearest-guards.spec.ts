import { expect, test } from '@playwright/test';
import { openConsole } from '../fixtures/console';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';

// An incident's details list the guards on duty nearest to it, by the walk along the estate's
// paths: the guard just behind a wall is further on foot than one out in the open.
let app: RunningApp;
let site: string;

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
// Local metres (x east, y north) around the estate's centre.
const at = (x: number, y: number) => [120.15 + x / (111_320 * Math.cos((30.28 * Math.PI) / 180)), 30.28 + y / 110_950];
const checkpoint = (id: string, x: number, y: number) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(x, y) }, properties: { kind: 'checkpoint', id, name: name(id) } });
const road = (id: string, points: [number, number][]) => ({ type: 'Feature', geometry: { type: 'LineString', coordinates: points.map(([x, y]) => at(x, y)) }, properties: { kind: 'road', id, name: name(id) } });

// A wall along y = 0 (x from -40 to 50); the path goes round its east end. The detector is just
// north of it, CP-S just south (20 m straight, 148 m walked), CP-E out east (83 m walked), and
// CP-FAR on a path that joins nothing (200 m straight).
const plan = {
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[at(-40, -1), at(50, -1), at(50, 1), at(-40, 1), at(-40, -1)]] }, properties: { kind: 'building', id: 'WALL', name: name('围墙'), floors: 1, units: 0 } },
		road('loop', [[0, -12], [60, -12], [60, 12], [0, 12]]),
		road('far', [[200, 0], [250, 0]]),
		checkpoint('CP-S', 0, -10),
		checkpoint('CP-E', 70, 30),
		checkpoint('CP-FAR', 200, 5),
		{ type: 'Feature', geometry: { type: 'Point', coordinates: at(0, 10) }, properties: { kind: 'alarm_point', id: 'det-1', name: name('烟感'), device: 'FAP-1', type: 'smoke', zone: 'Z1' } }
	]
};
const guards = [
	{ id: 'G-S', name: { 'zh-CN': '南哨', 'zh-TW': '南哨', en: 'Sam South' } },
	{ id: 'G-E', name: { 'zh-CN': '东哨', 'zh-TW': '東哨', en: 'Eve East' } },
	{ id: 'G-F', name: { 'zh-CN': '远哨', 'zh-TW': '遠哨', en: 'Fay Far' } },
	{ id: 'G-OLD', name: { 'zh-CN': '下班', 'zh-TW': '下班', en: 'Otto Offduty' } }
];

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e-near');
	await createSite(app.sql, site, 'Asia/Shanghai', plan);
	await app.sql`update site set guards = ${app.sql.json(guards as never)} where id = ${site}`;
});
test.afterAll(async () => {
	await app?.dispose();
});

test('the details of an alarm list the on-duty guards nearest by walking, with a straight-line marker where no path joins', async ({ browser }) => {
	const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-01', 'guard_handheld'));
	const panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();
	try {
		const scans = [
			scanBody('near-1', { guard: 'G-S', checkpoint: 'CP-S', at: minutesAgo(20) }),
			scanBody('near-2', { guard: 'G-E', checkpoint: 'CP-E', at: minutesAgo(2) }),
			scanBody('near-3', { guard: 'G-F', checkpoint: 'CP-FAR', at: minutesAgo(5) }),
			scanBody('near-4', { guard: 'G-OLD', checkpoint: 'CP-S', at: minutesAgo(40) })
		];
		for (const s of scans) await handheld.publish('scans', s);
		for (const s of scans) await handheld.receiptFor(s.id);
		await panel.publish('alarms', alarmBody('near-fire', { point: 'det-1', type: 'fire', severity: 'major', zone: 'Z1' }));

		const { page } = await openConsole(browser, app, 'en');
		try {
			await page.locator('.queue button[data-status="new"]').first().click();
			const list = page.locator('section.nearest');
			await expect(list).toHaveAttribute('data-placed', 'true');
			const rows = list.locator('li[data-guard-id]');
			await expect(rows).toHaveCount(3);
			expect(await rows.evaluateAll((li) => li.map((l) => [l.dataset.guardId, l.dataset.metres, l.dataset.walked]))).toEqual([
				['G-E', '83', 'true'],
				['G-S', '148', 'true'],
				['G-F', '200', 'false']
			]);
			await expect(rows.nth(0)).toContainText('Eve East');
			await expect(rows.nth(0)).toContainText('83 m');
			await expect(rows.nth(1)).toContainText('seen 20 min ago at CP-S');
			await expect(rows.nth(0).locator('.straight')).toHaveCount(0);
			await expect(rows.nth(2).locator('.straight')).toHaveText('straight line');
			await page.locator('section.details').screenshot({ path: 'test-results/e2e/nearest-guards.png' });

			// Send it to the nearest guard's phone: the details say so, the row is marked sent,
			// and the incident counts as taken (it is no longer new).
			await rows.nth(0).locator('button[data-action="dispatch"]').click();
			await expect(page.locator('[data-testid="dispatch"]')).toContainText('Eve East');
			await expect(rows.nth(0).locator('[data-testid="dispatched"]')).toBeVisible();
			await expect(page.locator('section.details .status')).toHaveAttribute('data-status', 'dispatched');
			await expect(rows.nth(1).locator('button[data-action="dispatch"]')).toBeEnabled();
			await page.locator('section.details').screenshot({ path: 'test-results/screenshots/console-dispatch-en.png' });
		} finally {
			await page.context().close();
		}
	} finally {
		await handheld.close();
		await panel.close();
	}
});
