import { expect, test, type Page } from '@playwright/test';
import { openConsole } from '../fixtures/console';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';

// The fire procedure the product ships, worked in one console and watched in another: each step
// shows in the second within a second; resolving with a required step open is refused; the
// false-alarm branch closes it in its few steps.
let app: RunningApp;
let site: string;

const name = (zh: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': zh, en });
const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const plan = {
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.15, 30.28, 0.002) }, properties: { kind: 'boundary', id: 'b', name: name('边界', 'Boundary') } },
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.1505, 30.2805, 0.0004) }, properties: { kind: 'building', id: 'T1', name: name('1 号楼', 'Tower 1'), floors: 18, units: 2 } },
		{
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [120.1507, 30.2807] },
			properties: { kind: 'alarm_point', id: 'loop1/det-3', name: name('1 号楼 3 层烟感', 'Tower 1 floor 3 detector'), device: 'FAP-1', type: 'fire', zone: 'T1-3F', camera: 'http://127.0.0.1:9/cameras/t1-3f' }
		}
	]
};

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e-chk');
	await createSite(app.sql, site, 'Asia/Shanghai', plan);
});
test.afterAll(async () => {
	await app?.dispose();
});

const stepOf = (page: Page, id: string) => page.locator(`[data-testid="checklist"] [data-step="${id}"]`);

test('a fire’s checklist worked in one console shows live in another; resolve waits for the branch’s required steps', async ({ browser }) => {
	const zh = await openConsole(browser, app, 'zh-CN', `/?site=${site}`);
	const en = await openConsole(browser, app, 'en', `/?site=${site}`);
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await device.publish('alarms', alarmBody('e2e-chk-fire', { point: 'loop1/det-3', type: 'fire', severity: 'critical' }));
		const row = zh.page.locator('.queue button[data-status="new"]').first();
		await expect(row).toBeVisible({ timeout: 5000 });
		const id = (await row.getAttribute('data-incident-id'))!;
		for (const { page } of [zh, en]) {
			await page.locator(`.queue button[data-incident-id="${id}"]`).click();
			await expect(page.locator('[data-testid="checklist"]')).toBeVisible();
			await expect(page.locator(`.queue button[data-incident-id="${id}"] [data-testid="queue-progress"]`)).toBeVisible();
		}
		// The confirm step opens the point's camera; the queue counts steps of the branch not yet taken out.
		await expect(stepOf(en.page, 'confirm').locator('a[href="http://127.0.0.1:9/cameras/t1-3f"]')).toBeVisible();

		await zh.page.locator('#incident-disposition').selectOption('real');
		await zh.page.locator('button[data-action="ack"]').click();
		await expect(en.page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveAttribute('data-status', 'acknowledged', { timeout: 1000 });

		// Resolving now is refused: required steps are open.
		await zh.page.locator('button[data-action="resolve"]').click();
		await expect(zh.page.locator('.details .problem')).toBeVisible();
		await expect(en.page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveAttribute('data-status', 'acknowledged');

		// Confirm, in one console: done in the other within a second.
		let t0 = Date.now();
		await stepOf(zh.page, 'confirm').locator('[data-action="step-done"]').click();
		await expect(stepOf(en.page, 'confirm')).toHaveAttribute('data-state', 'done', { timeout: 1000 });
		expect(Date.now() - t0).toBeLessThan(1500);

		// A false alarm: its branch (record the fault) appears in both; the real branch never does.
		t0 = Date.now();
		await stepOf(zh.page, 'real_or_false').locator('[data-action="step-answer"][data-answer="false"]').click();
		await expect(stepOf(en.page, 'real_or_false')).toHaveAttribute('data-state', 'answered', { timeout: 1000 });
		await expect(stepOf(en.page, 'record_fault')).toBeVisible({ timeout: 1000 });
		expect(Date.now() - t0).toBeLessThan(1500);
		await expect(stepOf(en.page, 'call_119')).toHaveCount(0);

		await en.page.screenshot({ path: 'test-results/screenshots/console-checklist-en.png' });
		await zh.page.screenshot({ path: 'test-results/screenshots/console-checklist-zh-CN.png' });

		// Record the fault from the keyboard, in the English console; the Chinese one sees it.
		const note = stepOf(en.page, 'record_fault').locator('input');
		await note.focus();
		await en.page.keyboard.type('Detector dusty; cleaned and reset');
		await en.page.keyboard.press('Enter');
		await expect(stepOf(zh.page, 'record_fault')).toHaveAttribute('data-state', 'done', { timeout: 1000 });

		await zh.page.locator('button[data-action="resolve"]').click();
		await expect(en.page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveAttribute('data-status', 'resolved', { timeout: 1000 });
		await expect(stepOf(en.page, 'record_fault')).toContainText('Detector dusty');

		expect(zh.foreign.filter((u) => !u.startsWith('http://127.0.0.1:9/'))).toEqual([]);
	} finally {
		await device.close();
		await zh.page.context().close();
		await en.page.context().close();
	}
});
