import { expect, test } from '@playwright/test';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';

// Escalation reaches the operators as an in-app notification: shown until someone acknowledges,
// hidden on one console only until the next escalation.
let app: RunningApp;
let site: string;

test.beforeAll(async () => {
	app = await startApp({ env: { ESCALATION_SECONDS: 'critical=2,major=600' } });
	site = uniqueId('e2e-esc');
	await createSite(app.sql, site);
});
test.afterAll(async () => {
	await app?.dispose();
});

test('an unacknowledged critical incident escalates into a notice; hidden, it returns at the next escalation; acknowledged, it goes', async ({ page }) => {
	const [cookieName, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	await page.setViewportSize({ width: 1920, height: 1080 });
	await page.goto(`${app.baseUrl}/?site=${site}`);
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await device.publish('alarms', alarmBody('esc-1', { point: 'loop1/det-3', type: 'fire', severity: 'critical', zone: '5栋 12F' }));
		const notice = page.locator('[data-escalated-incident]');
		await expect(notice).toHaveCount(1, { timeout: 6000 });
		await expect(notice).toContainText('已升级至主管');
		await expect(notice).toContainText('5栋 12F');
		await page.screenshot({ path: 'test-results/e2e/console-escalation.png' });
		const level = Number(await notice.getAttribute('data-level'));
		expect(level).toBeGreaterThanOrEqual(1);

		await notice.locator('button.hide').click();
		await expect(notice).toHaveCount(0);
		await expect(notice).toHaveCount(1, { timeout: 6000 });
		expect(Number(await notice.getAttribute('data-level'))).toBeGreaterThan(level);

		// A click opens it; acknowledging (here by another operator, over the API) ends the notice.
		await notice.locator('button.open').click();
		await expect(page.locator('section.details')).toBeVisible();
		const id = (await notice.getAttribute('data-escalated-incident'))!;
		const acked = await app.api(`/api/incidents/${id}/ack`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ disposition: 'real' }) });
		expect(acked.status).toBe(200);
		await expect(notice).toHaveCount(0, { timeout: 2000 });
	} finally {
		await device.close();
	}
});
