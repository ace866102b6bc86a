import { expect, test } from '@playwright/test';
import { createSite, profile, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';
import { startPrivateMosquitto, startPrivatePostgres } from '../fixtures/private-services';

// A fire alarm while the database is down: on the console at once, marked "not yet stored",
// and replaced by the stored event when the database is back. A private PostgreSQL (and, in
// the external profile, a private Mosquitto) so stopping it harms nobody.
let pg: Awaited<ReturnType<typeof startPrivatePostgres>>;
let broker: Awaited<ReturnType<typeof startPrivateMosquitto>> | undefined;
let app: RunningApp;
const site = uniqueId('e2e-down');

test.beforeAll(async () => {
	pg = await startPrivatePostgres();
	if (profile.mqttUrl) broker = await startPrivateMosquitto();
	app = await startApp({ databaseUrl: pg.url, mqttUrl: broker?.url ?? null, env: { DB_TIMEOUT_MS: '3000' } });
	await createSite(app.sql, site);
});
test.afterAll(async () => {
	await app?.dispose();
	await broker?.dispose();
	await pg?.dispose();
});

test('an alarm during a database outage shows as not yet stored, then as stored', async ({ page }) => {
	test.setTimeout(120_000);
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(app.baseUrl);
	await expect(page.locator(`[data-site="${site}"]`)).toBeVisible();
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	try {
		await pg.stop();
		const acked = device.client.publishAsync(device.topic('alarms'), JSON.stringify(alarmBody('e2e-fire-down', { text: '<b>2F</b> 烟感' })), { qos: 1 });
		const pending = page.locator('tr[data-event-id="e2e-fire-down"][data-pending="true"]');
		await expect(pending).toBeVisible({ timeout: 30_000 });
		await expect(pending).toContainText('尚未入库');
		await expect(pending).toContainText('<b>2F</b> 烟感'); // as text
		await page.screenshot({ path: 'test-results/e2e/console-alarm-not-stored.png', fullPage: true });

		await pg.start();
		await acked;
		const stored = page.locator('tr[data-event-id="e2e-fire-down"][data-seq]');
		await expect(stored).toBeVisible({ timeout: 60_000 });
		await expect(pending).toHaveCount(0);
		await expect(page.locator('tr[data-event-id="e2e-fire-down"]')).toHaveCount(1);
	} finally {
		await device.close();
	}
});
