import { expect, test } from '@playwright/test';
import { openConsole } from '../fixtures/console';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';

// Two operators' consoles on one estate: an alarm over MQTT reaches both as a queued incident
// and a pulsing marker at its point on the plan; one acknowledges, the other sees it at once.
let app: RunningApp;
let site: string;

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
// A small estate in Hangzhou: boundary, one tower, a road, a gate and two detectors.
const plan = {
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.15, 30.28, 0.002) }, properties: { kind: 'boundary', id: 'b', name: name('边界') } },
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.1505, 30.2805, 0.0004) }, properties: { kind: 'building', id: 'T1', name: name('1 号楼'), floors: 18, units: 2 } },
		{ type: 'Feature', geometry: { type: 'LineString', coordinates: [[120.15, 30.2812], [120.152, 30.2812]] }, properties: { kind: 'road', id: 'r1', name: name('主路') } },
		{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.15, 30.2812] }, properties: { kind: 'gate', id: 'g1', name: name('南门') } },
		{
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [120.1507, 30.2807] },
			properties: { kind: 'alarm_point', id: 'loop2/det-117', name: name('1 号楼 2 层烟感'), device: 'FAP-1', type: 'smoke', zone: 'T1-2F' }
		},
		{
			type: 'Feature',
			geometry: { type: 'Point', coordinates: [120.1515, 30.2815] },
			properties: { kind: 'alarm_point', id: 'loop2/det-200', name: name('车库烟感'), device: 'FAP-1', type: 'smoke', zone: 'B1' }
		}
	]
};

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e-inc');
	await createSite(app.sql, site, 'Asia/Shanghai', plan);
});
test.afterAll(async () => {
	await app?.dispose();
});

test('an MQTT alarm reaches two consoles as a queued incident and a pulsing marker; acknowledging in one updates the other', async ({ browser }) => {
	const first = await openConsole(browser, app, 'zh-CN');
	const second = await openConsole(browser, app, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		const sent = Date.now();
		await device.publish('alarms', alarmBody('e2e-fire-1', { point: 'loop2/det-117', type: 'fire', severity: 'critical' }));
		for (const { page } of [first, second]) {
			const row = page.locator('.queue button[data-status="new"]').first();
			await expect(row).toBeVisible({ timeout: 1000 });
			const marker = page.locator('.incident-marker.pulsing[data-severity="critical"]');
			await expect(marker).toBeVisible({ timeout: 1000 });
		}
		expect(Date.now() - sent).toBeLessThan(2500); // both within a second of each other after the publish
		await expect(first.page.locator('.queue')).toContainText('火警');
		await expect(second.page.locator('.queue')).toContainText('Fire');

		// The marker sits at the detector's position on the plan: compare with the other detector's dot.
		const id = (await first.page.locator('.queue button[data-status="new"]').first().getAttribute('data-incident-id'))!;
		const marker = first.page.locator(`.incident-marker[data-incident-id="${id}"]`);
		const box = (await marker.boundingBox())!;
		const map = (await first.page.locator('.leaflet-container').boundingBox())!;
		expect(box.x).toBeGreaterThan(map.x);
		expect(box.x + box.width).toBeLessThan(map.x + map.width);
		await first.page.screenshot({ path: 'test-results/e2e/console-incident-new.png' });

		// Operator one: select by clicking the marker, choose a disposition, acknowledge.
		await marker.click();
		await expect(first.page.locator('section.details')).toBeVisible();
		await first.page.locator('#incident-disposition').selectOption('real');
		const acked = Date.now();
		await first.page.locator('button[data-action="ack"]').click();
		await expect(second.page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveAttribute('data-status', 'acknowledged', { timeout: 1000 });
		await expect(second.page.locator(`.incident-marker[data-incident-id="${id}"]`)).not.toHaveClass(/pulsing/, { timeout: 1000 });
		expect(Date.now() - acked).toBeLessThan(2000);
		await expect(first.page.locator('section.details')).toContainText('事件已确认');
		await second.page.screenshot({ path: 'test-results/e2e/console-incident-acknowledged-en.png' });

		// Without a disposition, a critical incident is not acknowledged, and the console says why.
		await device.publish('alarms', alarmBody('e2e-fire-2', { point: 'loop2/det-200', type: 'fire', severity: 'critical' }));
		const next = second.page.locator('.queue button[data-status="new"]').first();
		await expect(next).toBeVisible({ timeout: 1000 });
		await next.click();
		await second.page.keyboard.press('a');
		await expect(second.page.locator('.details .problem')).toContainText('disposition');
		await expect(next).toHaveAttribute('data-status', 'new');

		expect(first.foreign).toEqual([]);
		expect(second.foreign).toEqual([]);
	} finally {
		await device.close();
		await first.page.context().close();
		await second.page.context().close();
	}
});

test('1,000 repeats of one alarm point make one incident ×1000, and the console stays responsive', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await Promise.all(Array.from({ length: 1000 }, (_, i) => device.publish('alarms', alarmBody(`e2e-flood-${i}`, { point: 'loop2/det-117', type: 'smoke', severity: 'major' }))));
		const row = page.locator('.queue button').filter({ hasText: 'Smoke' });
		await expect(row).toHaveCount(1);
		await expect(row.locator('.count')).toHaveText('×1000', { timeout: 15_000 });
		// Responsive: a click selects at once.
		const t0 = Date.now();
		await row.click();
		await expect(page.locator('section.details h2')).toContainText('×1000');
		expect(Date.now() - t0).toBeLessThan(1000);
		await page.screenshot({ path: 'test-results/e2e/console-incident-flood.png' });
	} finally {
		await device.close();
		await page.context().close();
	}
});

test('the console says plainly that sound is off until a click, and mutes only with a reason', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'en');
	try {
		const sound = page.locator('[data-sound]');
		await expect(sound).toHaveAttribute('data-sound', 'off');
		await expect(sound).toContainText('only after you click');
		await sound.getByRole('button').click();
		await expect(sound).toHaveAttribute('data-sound', 'on');
		const mute = sound.getByRole('button', { name: 'Mute' });
		await expect(mute).toBeDisabled();
		await sound.getByRole('textbox').fill('fire panel test in tower 3');
		await mute.click();
		await expect(sound).toHaveAttribute('data-sound', 'muted');
		await expect(sound).toContainText('Muted: fire panel test in tower 3');
	} finally {
		await page.context().close();
	}
});
