import { expect, test, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';

// The production build, driven in Debian's Chromium, the way an operator meets it.
let app: RunningApp;
let site: string;

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e');
	await createSite(app.sql, site);
});
test.afterAll(async () => {
	await app?.dispose();
});

async function openConsole(page: Page, locale: string) {
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(app.baseUrl);
	await expect(page.locator(`[data-site="${site}"]`)).toBeVisible();
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
}

test('a message published over MQTT appears live on the page, in Chinese', async ({ page }) => {
	await openConsole(page, 'zh-CN');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByText('实时事件')).toBeVisible();

	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1'));
	try {
		await device.publish('alarms', alarmBody('e2e-alarm-1'));
		const row = page.locator('tr[data-event-id="e2e-alarm-1"]');
		await expect(row).toBeVisible({ timeout: 3000 });
		await expect(row).toContainText('火警报警：loop2/det-117');
		await expect(row).toContainText('紧急');
		await expect(page.locator(`[data-site="${site}"] [data-counter="alarms"]`)).toHaveText('1');
		await page.screenshot({ path: 'test-results/e2e/console-zh-CN.png', fullPage: true });
	} finally {
		await device.close();
	}
});

test('the console speaks Traditional Chinese and English', async ({ page }) => {
	await openConsole(page, 'zh-TW');
	await expect(page.getByText('即時事件')).toBeVisible();
	await expect(page.locator('tr[data-event-id="e2e-alarm-1"]')).toContainText('火警警報');
	await openConsole(page, 'en');
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page.getByText('Live events')).toBeVisible();
	await expect(page.locator('tr[data-event-id="e2e-alarm-1"]')).toContainText('Fire alarm: loop2/det-117');
	await page.screenshot({ path: 'test-results/e2e/console-en.png', fullPage: true });
});

test('events published while the page was offline are filled in on reconnect, in order', async ({ page }) => {
	await openConsole(page, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-01'));
	try {
		await device.publish('scans', scanBody('e2e-before'));
		await expect(page.locator('tr[data-event-id="e2e-before"]')).toBeVisible();
		await page.context().setOffline(true);
		await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', 'reconnecting', { timeout: 30_000 });
		for (let i = 0; i < 5; i++) await device.publish('scans', scanBody(`e2e-gap-${i}`));
		// Every one stored before the page comes back (an external broker may store them in any order).
		for (let i = 0; i < 5; i++) await device.receiptFor(`e2e-gap-${i}`);
		await page.context().setOffline(false);
		await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', 'resynced', { timeout: 30_000 });
		await expect(page.getByText('5 events missed while disconnected were filled in')).toBeVisible();
		const ids = await page.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 6).map((r) => r.getAttribute('data-event-id')));
		// Newest first by seq; an external broker may store one device's messages out of publishing
		// order (they travel over several bridge connections), so the five filled in are compared as a set.
		expect(ids[5]).toBe('e2e-before');
		expect([...ids.slice(0, 5)].sort()).toEqual(['e2e-gap-0', 'e2e-gap-1', 'e2e-gap-2', 'e2e-gap-3', 'e2e-gap-4']);
		const seqs = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
		expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
	} finally {
		await device.close();
	}
});

test('past 1,000 missed events the console reloads the site\'s state and its latest events', async ({ page }) => {
	await openConsole(page, 'en');
	const scans = page.locator(`[data-site="${site}"] [data-counter="scans"]`);
	const before = Number(await scans.textContent());
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'HH-02'));
	try {
		await page.context().setOffline(true);
		await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', 'reconnecting', { timeout: 30_000 });
		const headOf = async () => ((await (await app.api(`/api/events?site=${site}&limit=1`)).json()) as { head: number }).head;
		const start = await headOf();
		const missed = 1010;
		await Promise.all(Array.from({ length: missed }, (_, i) => device.publish('scans', scanBody(`e2e-many-${i}`))));
		const head = await waitFor(async () => {
			const h = await headOf();
			return h >= start + missed ? h : undefined;
		}, 60_000, 'every scan stored');
		await page.context().setOffline(false);
		await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', 'resynced', { timeout: 30_000 });
		// The site's head, today's counters and the feed, all from the reload.
		await expect(page.locator(`[data-site="${site}"] [data-testid="site-head"]`)).toHaveText(String(head));
		await expect(scans).toHaveText(String(before + missed));
		await expect(page.locator('tbody tr').first()).toHaveAttribute('data-seq', String(head));
		const seqs = await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
		expect(seqs.slice(0, 50)).toEqual(Array.from({ length: 50 }, (_, n) => head - n));
		await page.screenshot({ path: 'test-results/e2e/console-resynced.png', fullPage: true });
	} finally {
		await device.close();
	}
});

test('hostile text in an alarm shows as text, live and after a reload, and runs nothing', async ({ page }) => {
	const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
	await openConsole(page, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1'));
	try {
		await device.publish('alarms', alarmBody('e2e-xss', { text: payload }));
		const row = page.locator('tr[data-event-id="e2e-xss"]');
		await expect(row.locator('.note')).toHaveText(payload);
		expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
		await page.reload();
		await expect(page.locator('tr[data-event-id="e2e-xss"] .note')).toHaveText(payload);
		expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
		expect(await page.locator('tr[data-event-id="e2e-xss"] img, tr[data-event-id="e2e-xss"] script').count()).toBe(0);
	} finally {
		await device.close();
	}
});

test('a fire alarm from a clock that reads 1970 is shown live, flagged, and opens an incident', async ({ page }) => {
	await openConsole(page, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-CLK', 'fire_panel'));
	try {
		await device.publish('alarms', alarmBody('e2e-epoch', { at: '1970-01-01T00:00:10Z', point: 'loop9/det-1' }));
		const row = page.locator('tr[data-event-id="e2e-epoch"]');
		await expect(row).toContainText('Fire alarm: loop9/det-1');
		await expect(row.locator('.skew')).toHaveText(/^Device clock \d+ years behind$/);
		await expect(row.locator('.skew')).toHaveAttribute('title', 'Device time: 1970-01-01T00:00:10.000Z');
		await expect(page.locator('[data-incident-id]', { hasText: 'FAP-CLK' })).toBeVisible();
		await page.screenshot({ path: 'test-results/e2e/console-clock-1970.png', fullPage: true });
	} finally {
		await device.close();
	}
});

test('an operator signs in through the form, sees the console, and signs out', async ({ page }) => {
	await page.context().addCookies([{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl }]);
	await page.goto(app.baseUrl);
	await expect(page).toHaveURL(/\/login\?next=%2F$/);
	await page.getByLabel('密码').fill('wrong-password');
	await page.getByLabel('用户名').fill('admin');
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.getByRole('alert')).toHaveText('用户名或密码错误。');
	await page.getByLabel('密码').fill(ADMIN_PASSWORD);
	await page.getByRole('button', { name: '登录' }).click();
	await expect(page.locator(`[data-site="${site}"]`)).toBeVisible();
	await expect(page.getByTestId('user-menu')).toContainText('管理员');
	await page.screenshot({ path: 'test-results/e2e/console-signed-in.png' });
	await page.getByRole('button', { name: '退出登录' }).click();
	await expect(page).toHaveURL(/\/login$/);
	await page.goto(app.baseUrl);
	await expect(page).toHaveURL(/\/login/);
});

test('the audit page lists who signed in and who failed, newest first, and filters by type', async ({ page }) => {
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'en', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(`${app.baseUrl}/admin/audit`);
	await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
	await expect(page.locator('tr[data-audit-type="UserSignedIn"]').first()).toContainText('admin');
	const seqOrder = await page.locator('tbody tr').evaluateAll((rows) => rows.length);
	expect(seqOrder).toBeGreaterThan(1);
	await page.getByLabel('Type').selectOption('SignInFailed');
	await page.getByRole('button', { name: 'Filter' }).click();
	await expect(page).toHaveURL(/type=SignInFailed/);
	await expect(page.locator('tbody tr')).toHaveCount(1);
	await expect(page.locator('tbody tr')).toContainText('"username":"admin"');
	await page.screenshot({ path: 'test-results/e2e/audit.png' });
});
