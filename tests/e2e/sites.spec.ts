import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';

// Sites as data in the browser: an admin imports a bundle from files and sees each problem placed;
// an operator puts a detector in test from the console, and its alarm shows as a test, not an incident.
let app: RunningApp;
let dir: string;

test.beforeAll(async () => {
	app = await startApp();
	dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shouwang-e2e-bundle-'));
});
test.afterAll(async () => {
	await app?.dispose();
	await fs.rm(dir, { recursive: true, force: true });
});

async function open(page: Page, urlPath: string, locale: string) {
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(`${app.baseUrl}${urlPath}`);
}

test('an admin imports a site bundle: a broken one is listed problem by problem, a good one is created and can be downloaded', async ({ page }) => {
	const site = uniqueId('e2e-bundle');
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	const files = writeBundleFiles(bundle);
	const brokenPlan = files.plan.replace('"floors": 26', '"floors": -3');
	await fs.writeFile(path.join(dir, 'site.json'), files.site.replace('"Asia/Shanghai"', '"Mars/Base"'));
	await fs.writeFile(path.join(dir, 'plan.geojson'), brokenPlan);
	const brokenLine = brokenPlan.slice(0, brokenPlan.indexOf('"floors": -3')).split('\n').length;

	await open(page, '/admin/sites', 'zh-CN');
	await page.locator('input[name="site"]').setInputFiles(path.join(dir, 'site.json'));
	await page.locator('input[name="plan"]').setInputFiles(path.join(dir, 'plan.geojson'));
	await page.getByRole('button', { name: '检查并导入' }).click();
	await expect(page.getByTestId('import-result')).toContainText('资料包有 2 处错误');
	const rows = page.locator('[data-testid="bundle-problems"] tbody tr');
	await expect(rows).toHaveCount(2);
	await expect(rows.first()).toHaveAttribute('data-field', 'properties.floors');
	await expect(rows.first()).toHaveAttribute('data-line', String(brokenLine));
	await expect(rows.first()).toContainText('building B01');
	await expect(rows.nth(1)).toHaveAttribute('data-field', 'site.timeZone');
	await expect(rows.nth(1)).toContainText('未知的时区');
	await page.screenshot({ path: 'test-results/e2e/sites-import-problems.png', fullPage: true });

	await fs.writeFile(path.join(dir, 'site.json'), files.site);
	await fs.writeFile(path.join(dir, 'plan.geojson'), files.plan);
	await page.locator('input[name="site"]').setInputFiles(path.join(dir, 'site.json'));
	await page.locator('input[name="plan"]').setInputFiles(path.join(dir, 'plan.geojson'));
	await page.getByRole('button', { name: '检查并导入' }).click();
	await expect(page.getByTestId('import-result')).toHaveText(`已新建站点 ${site}`);
	await expect(page.locator(`tr[data-site="${site}"] [data-testid="site-model"]`)).toContainText('129 个平面要素');

	const download = page.waitForEvent('download');
	await page.locator(`tr[data-site="${site}"] a`, { hasText: 'plan.geojson' }).click();
	const saved = path.join(dir, 'downloaded.geojson');
	await (await download).saveAs(saved);
	expect(await fs.readFile(saved, 'utf8')).toBe(files.plan);
});

test('an operator puts a detector in test from the console: its alarm is logged as a test and opens no incident', async ({ page }) => {
	const site = uniqueId('e2e-test');
	const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
	const point = (id: string, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.2805] },
		properties: { kind: 'alarm_point', id, name: name(id), device: 'FAP-1', type: 'smoke', zone: 'T1' }
	});
	await createSite(app.sql, site, 'Asia/Shanghai', { type: 'FeatureCollection', features: [point('loop1/det-1', 120.1505), point('loop1/det-2', 120.151)] });
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await page.setViewportSize({ width: 1920, height: 1080 });
		await open(page, `/?site=${site}`, 'zh-CN');
		await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
		const panel = page.getByTestId('test-mode');
		if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').click();
		if ((await panel.locator('select').count()) === 3) await panel.locator('select').first().selectOption(site);
		await panel.locator('select[name="device"]').selectOption('FAP-1');
		await panel.locator('select[name="point"]').selectOption('loop1/det-1');
		await panel.locator('input[name="minutes"]').fill('45');
		await panel.locator('input[name="reason"]').fill('消防联动年检');
		await panel.getByRole('button', { name: '开始测试' }).click();
		const running = panel.locator('li[data-test-device="FAP-1"][data-test-point="loop1/det-1"]');
		await expect(running).toBeVisible({ timeout: 2000 });
		await expect(running).toContainText('消防联动年检');
		await expect(running).toContainText(/剩余 (44:5\d|45:00)/);

		await device.publish('alarms', alarmBody('e2e-test-1', { point: 'loop1/det-1', type: 'smoke', severity: 'critical' }));
		await device.publish('alarms', alarmBody('e2e-test-2', { point: 'loop1/det-2', type: 'smoke', severity: 'critical' }));
		await expect(page.locator('tr[data-event-id="e2e-test-1"]')).toContainText('［测试］', { timeout: 2000 });
		await expect(page.locator('tr[data-event-id="e2e-test-2"]')).not.toContainText('［测试］');
		await expect(page.locator('.queue button[data-status="new"]')).toHaveCount(1);
		await page.screenshot({ path: 'test-results/e2e/console-test-mode.png' });

		await running.getByRole('button', { name: '结束测试' }).click();
		await expect(running).toHaveCount(0, { timeout: 2000 });
		await device.publish('alarms', alarmBody('e2e-test-3', { point: 'loop1/det-1', type: 'smoke', severity: 'critical' }));
		await expect(page.locator('.queue button[data-status="new"]')).toHaveCount(2, { timeout: 2000 });
	} finally {
		await device.close();
	}
});

test('a console open on a site redraws its map when the site’s bundle is replaced, without a reload', async ({ page }) => {
	const site = uniqueId('e2e-live-model');
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	const put = async (files: { site: string; plan: string }, query = '') => {
		const r = await app.api(`/api/sites/${site}/bundle${query}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(files) });
		expect(r.status).toBeLessThan(300);
	};
	await put(writeBundleFiles(bundle));
	await page.setViewportSize({ width: 1920, height: 1080 });
	await open(page, `/?site=${site}`, 'en');
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	await expect(page.locator('.checkpoint-marker[data-checkpoint-id="CP-B01"]')).toHaveCount(1);
	await expect(page.locator('.checkpoint-marker[data-checkpoint-id="CP-NEW"]')).toHaveCount(0);

	const gate = bundle.plan.features.find((f) => f.properties.kind === 'checkpoint')!;
	bundle.plan.features.push({ ...gate, properties: { ...gate.properties, id: 'CP-NEW', name: { 'zh-CN': '新岗亭', 'zh-TW': '新崗亭', en: 'New booth' } } } as typeof gate);
	await put(writeBundleFiles(bundle), '?replace=true');
	await expect(page.locator('.checkpoint-marker[data-checkpoint-id="CP-NEW"]')).toHaveCount(1, { timeout: 3000 });
});

test('an admin uploads a floor plan image; the console offers that floor and lays the image over the building; removed, it is gone', async ({ page }) => {
	const site = uniqueId('e2e-floor');
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	bundle.floorPlans = [];
	const r = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeBundleFiles(bundle)) });
	expect(r.status).toBe(201);
	const svg = path.join(dir, 'b01-3f.svg');
	await fs.writeFile(svg, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 16"><rect x="1" y="1" width="30" height="14" fill="none" stroke="#4fc3f7"/></svg>');
	const tooBig = path.join(dir, 'big.png');
	await fs.writeFile(tooBig, Buffer.alloc(400 * 1024, 1));

	await open(page, '/admin/sites', 'zh-CN');
	const target = `${site}/B01`;
	const upload = page.locator('form[action="?/floorPlan"]');
	await upload.locator('select[name="target"]').selectOption(target);
	await upload.locator('input[name="floor"]').fill('3');
	await upload.locator('input[name="image"]').setInputFiles(tooBig);
	await page.getByRole('button', { name: '保存平面图' }).click();
	await expect(page.getByTestId('floor-plan-result')).toContainText('图像超过 360 KB');

	await upload.locator('select[name="target"]').selectOption(target);
	await upload.locator('input[name="floor"]').fill('3');
	await upload.locator('input[name="image"]').setInputFiles(svg);
	await page.getByRole('button', { name: '保存平面图' }).click();
	await expect(page.getByTestId('floor-plan-result')).toContainText('已保存');
	await expect(page.locator(`tr[data-floor-plan="${site}/B01/3"]`)).toContainText('3F');
	await page.screenshot({ path: 'test-results/e2e/sites-floor-plans.png', fullPage: true });
	const [event] = await app.sql<{ data: { floorPlans: number } }[]>`select data from event where stream = ${site} and type = 'SiteImported' order by seq desc limit 1`;
	expect(event.data.floorPlans).toBe(1);

	await open(page, `/?site=${site}`, 'zh-CN');
	const switcher = page.locator('.floor-switcher select');
	await expect(switcher.locator('option[data-building="B01"][data-floor="3"]')).toHaveCount(1);
	await switcher.selectOption({ index: 1 });
	await expect(page.locator('img.leaflet-image-layer')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);

	await open(page, '/admin/sites', 'zh-CN');
	await page.locator(`tr[data-floor-plan="${site}/B01/3"] button`).click();
	await expect(page.getByTestId('floor-plan-result')).toContainText('已删除');
	await expect(page.locator(`tr[data-floor-plan="${site}/B01/3"]`)).toHaveCount(0);
});
