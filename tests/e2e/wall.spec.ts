import { expect, test, type Browser } from '@playwright/test';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';

// The wall on a 1920×1080 screen: two estates; an MQTT alarm turns one tile critical and moves it
// first, a device that stops its heartbeat shows as offline, and a click enters the console there.
let app: RunningApp;
const siteA = uniqueId('e2e-wall-a');
const siteB = uniqueId('e2e-wall-b');
const names = {
	[siteA]: { 'zh-CN': '滨江苑', 'zh-TW': '濱江苑', en: 'Binjiang Court' },
	[siteB]: { 'zh-CN': '西湖花园', 'zh-TW': '西湖花園', en: 'West Lake Gardens' }
};

const point = (id: string, zh: string, x: number) => ({
	type: 'Feature',
	geometry: { type: 'Point', coordinates: [120.15 + x, 30.28] },
	properties: { kind: 'checkpoint', id, name: { 'zh-CN': zh, 'zh-TW': zh, en: id } }
});
const planOf = (cps: [string, string][]) => ({
	type: 'FeatureCollection',
	features: [
		{
			type: 'Feature',
			geometry: { type: 'Polygon', coordinates: [[[120.15, 30.28], [120.152, 30.28], [120.152, 30.282], [120.15, 30.282], [120.15, 30.28]]] },
			properties: { kind: 'boundary', id: 'b', name: { 'zh-CN': '边界', 'zh-TW': '邊界', en: 'Boundary' } }
		},
		...cps.map(([id, zh], i) => point(id, zh, i * 0.0005))
	]
});

test.beforeAll(async () => {
	// Heartbeats missed by more than a second mark a device offline.
	app = await startApp({ env: { HEARTBEAT_GRACE_S: '1' } });
	await createSite(app.sql, siteA, 'Asia/Shanghai', planOf([['CP-A1', '3 号楼大堂'], ['CP-A2', '地下车库 B1']]));
	await createSite(app.sql, siteB, 'Asia/Shanghai', planOf([['CP-B1', '北门岗亭'], ['CP-B2', '儿童乐园']]));
	for (const id of [siteA, siteB]) await app.sql`update site set name = ${app.sql.json(names[id])} where id = ${id}`;
});
test.afterAll(async () => {
	await app?.dispose();
});

async function openWall(browser: Browser, opts: { reducedMotion?: 'reduce' | 'no-preference' } = {}) {
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, reducedMotion: opts.reducedMotion ?? 'no-preference' });
	const [cookieName, value] = app.cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}/wall`);
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	return page;
}

test('an alarm turns its estate critical and moves it first, an offline device appears, and a click enters the console on that estate', async ({ browser }) => {
	const page = await openWall(browser);
	const tiles = page.locator('[data-site]');
	const tileA = page.locator(`[data-site="${siteA}"]`);
	const tileB = page.locator(`[data-site="${siteB}"]`);
	await expect(tiles).toHaveCount(2);
	// Nothing open: by name (滨 before 西 in pinyin order).
	await expect(tiles.first()).toHaveAttribute('data-site', siteA);
	await expect(tileB).toHaveAttribute('data-critical', '0');
	await expect(tileB).toHaveAttribute('data-alert', 'false');

	const handheldA = await connectDevice(app.mqttUrl, await app.device(siteA, 'HH-2', 'guard_handheld'));
	const handheldB = await connectDevice(app.mqttUrl, await app.device(siteB, 'HH-9', 'guard_handheld'));
	const fire = await connectDevice(app.mqttUrl, await app.device(siteB, 'FAP-1', 'fire_panel'));
	const elevator = await connectDevice(app.mqttUrl, await app.device(siteA, 'ELV-3', 'elevator_monitor'));
	try {
		await handheldA.publish('scans', scanBody('e2e-scan-a1', { guard: 'G-021', checkpoint: 'CP-A1' }));
		await handheldA.publish('scans', scanBody('e2e-scan-a2', { guard: 'G-021', checkpoint: 'CP-A2' }));
		await handheldB.publish('scans', scanBody('e2e-scan-b1', { guard: 'G-017', checkpoint: 'CP-B1' }));
		await expect(tileA).toHaveAttribute('data-scans', '2');
		await expect(tileB.locator('li[data-checkpoint="CP-B1"]')).toContainText('北门岗亭');
		await expect(tileA.locator('.scans li').first()).toContainText('地下车库 B1'); // newest first

		const sent = Date.now();
		await fire.publish('alarms', alarmBody('e2e-wall-fire', { type: 'fire', severity: 'critical' }));
		await expect(tileB).toHaveAttribute('data-critical', '1', { timeout: 1000 });
		await expect(tiles.first()).toHaveAttribute('data-site', siteB, { timeout: 1000 });
		expect(Date.now() - sent).toBeLessThan(1500);
		await expect(tileB).toHaveAttribute('data-alert', 'true');
		await expect(tileB).toContainText('紧急报警未确认');
		// It flashes (a running animation), and the wait counter runs.
		expect(await tileB.evaluate((el) => getComputedStyle(el).animationName)).not.toBe('none');
		const waited = await tileB.locator('.waiting').textContent();
		await expect(tileB.locator('.waiting')).not.toHaveText(waited ?? '', { timeout: 3000 });

		// One heartbeat with a 1 s interval, then silence: offline after interval + grace.
		await elevator.publish('status', { online: true, interval: 1 });
		await expect(tileA).toHaveAttribute('data-offline', '1', { timeout: 15_000 });
		await expect(tileA.locator('.offline')).toContainText('ELV-3');
		// Its communication fault is major: A has one, B (critical) stays first.
		await expect(tileA).toHaveAttribute('data-major', '1');
		await expect(tiles.first()).toHaveAttribute('data-site', siteB);
		await page.screenshot({ path: 'test-results/wall.png' });

		// Back online: the live event takes it off without a reload.
		await elevator.publish('status', { online: true, interval: 60 });
		await expect(tileA).toHaveAttribute('data-offline', '0');
	} finally {
		await Promise.all([handheldA.close(), handheldB.close(), fire.close(), elevator.close()]);
	}

	await tileB.click();
	await expect(page).toHaveURL(`${app.baseUrl}/?site=${siteB}`);
	await expect(page.locator('.site-tabs [role="tab"][aria-selected="true"]')).toHaveText('西湖花园');
	await expect(page.locator('.leaflet-container')).toBeVisible();

	// Enter on the focused tile does the same.
	await page.goto(`${app.baseUrl}/wall`);
	await page.locator(`[data-site="${siteA}"]`).focus();
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(`${app.baseUrl}/?site=${siteA}`);
	await expect(page.locator('.site-tabs [role="tab"][aria-selected="true"]')).toHaveText('滨江苑');
	await page.context().close();
});

test('with reduced motion the critical tile is marked without flashing', async ({ browser }) => {
	const page = await openWall(browser, { reducedMotion: 'reduce' });
	const tileB = page.locator(`[data-site="${siteB}"]`);
	await expect(tileB).toHaveAttribute('data-alert', 'true');
	expect(await tileB.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
	expect(await tileB.evaluate((el) => getComputedStyle(el).borderTopWidth)).toBe('6px');
	await page.context().close();
});

test('nine estates fill a 1920×1080 wall without scrolling, and fit a 4K wall and a laptop', async ({ browser }) => {
	const more = ['翠苑一区', '翠苑二区', '城西银泰', '紫金港花园', '文三新村', '古荡湾', '和睦新村'];
	for (const [i, zh] of more.entries()) {
		const id = uniqueId(`e2e-wall-${i}`);
		await createSite(app.sql, id, 'Asia/Shanghai', planOf([[`CP-${i}`, `${zh} 东门`]]));
		await app.sql`update site set name = ${app.sql.json({ 'zh-CN': zh, 'zh-TW': zh, en: id })} where id = ${id}`;
	}
	// The fullest tile: an alert, the counts, and three scans.
	const handheld = await connectDevice(app.mqttUrl, await app.device(siteB, 'HH-9', 'guard_handheld'));
	try {
		await handheld.publish('scans', scanBody('e2e-scan-b2', { guard: 'G-017', checkpoint: 'CP-B2' }));
		await handheld.publish('scans', scanBody('e2e-scan-b3', { guard: 'G-017', checkpoint: 'CP-B1' }));
		await handheld.receiptFor('e2e-scan-b3');
	} finally {
		await handheld.close();
	}
	const page = await openWall(browser);
	const tiles = page.locator('[data-site]');
	await expect(tiles).toHaveCount(9);
	await expect(page.locator(`[data-site="${siteB}"]`)).toHaveAttribute('data-scans', '3');
	// A tile hides what overflows it: its content must fit, not just its box. Tiles are laid out
	// in as many columns and rows as their distinct left and top edges.
	const fits = () =>
		page.evaluate(() => {
			const root = document.documentElement;
			const tiles = [...document.querySelectorAll<HTMLElement>('[data-site]')];
			const boxes = tiles.map((t) => t.getBoundingClientRect());
			return {
				horizontal: root.scrollWidth <= window.innerWidth,
				vertical: root.scrollHeight <= window.innerHeight,
				inside: boxes.every((b) => b.left >= 0 && b.right <= window.innerWidth),
				unclipped: tiles.every((t) => t.scrollHeight <= t.clientHeight && t.scrollWidth <= t.clientWidth),
				grid: `${new Set(boxes.map((b) => Math.round(b.left))).size}×${new Set(boxes.map((b) => Math.round(b.top))).size}`
			};
		});
	await expect.poll(fits).toEqual({ horizontal: true, vertical: true, inside: true, unclipped: true, grid: '3×3' });
	await page.screenshot({ path: 'test-results/wall-9.png' });

	await page.setViewportSize({ width: 3840, height: 2160 });
	await expect.poll(fits).toEqual({ horizontal: true, vertical: true, inside: true, unclipped: true, grid: '3×3' });
	await page.screenshot({ path: 'test-results/wall-4k.png' });

	// A laptop scrolls down, never sideways, and its tiles show all they hold.
	await page.setViewportSize({ width: 1366, height: 768 });
	await expect.poll(async () => (await fits()).horizontal).toBe(true);
	expect((await fits()).inside).toBe(true);
	expect((await fits()).unclipped).toBe(true);
	await page.screenshot({ path: 'test-results/wall-laptop.png', fullPage: true });
	await page.context().close();
});
