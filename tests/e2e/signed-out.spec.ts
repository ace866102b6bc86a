import { createHash } from 'node:crypto';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createUser } from '../fixtures/users';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { startTcpProxy } from '../fixtures/tcp-proxy';

// A wall (or console) whose session ends while it is open covers the screen with a signed-out
// notice and a way back in, instead of showing a picture that no longer updates. Sessions are
// checked again every second here (SESSION_CHECK_S=1).
let app: RunningApp;
const site = uniqueId('e2e-out');
const PASSWORD = 'signed-out-password-1';
let wallUserId: string;

test.beforeAll(async () => {
	app = await startApp({ env: { SESSION_CHECK_S: '1' } });
	await createSite(app.sql, site);
	wallUserId = (await createUser(app.sql, { username: 'wall-out', displayName: '大屏', role: 'wall', password: PASSWORD, sites: [site] })).id;
	await createUser(app.sql, { username: 'op-out', displayName: '值班员', role: 'operator', password: PASSWORD, sites: [site] });
});
test.afterAll(async () => {
	await app?.dispose();
});

const sessionOf = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]).digest('hex');

/** Sign `username` in and open `path` on `baseUrl` in `locale`, waiting until its socket is up. */
async function open(browser: Browser, opts: { username: string; path: string; locale: string; viewport: { width: number; height: number }; baseUrl?: string }) {
	const cookie = await signInCookie(app.baseUrl, opts.username, PASSWORD);
	const context = await browser.newContext({ viewport: opts.viewport });
	const [name, value] = cookie.split('=');
	const baseUrl = opts.baseUrl ?? app.baseUrl;
	// Cookies belong to the host, whatever the port: the proxy's pages carry them too.
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: opts.locale, url: baseUrl },
		{ name, value, url: baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${baseUrl}${opts.path}`);
	await expect(page.locator('[data-connection]')).toHaveAttribute('data-connection', /live|stale/);
	await expect(page.locator('[data-signed-out]')).toHaveCount(0);
	return { page, cookie, close: () => context.close() };
}

async function expectOverlay(page: Page, reason: string, text: RegExp, next: string) {
	const overlay = page.locator('[data-signed-out]');
	await expect(overlay).toBeVisible();
	await expect(overlay).toHaveAttribute('data-signed-out', reason);
	await expect(overlay).toContainText(text);
	await expect(overlay.getByRole('link')).toHaveAttribute('href', `/login?next=${encodeURIComponent(next)}`);
	// It covers the whole screen.
	const box = (await overlay.boundingBox())!;
	const viewport = page.viewportSize()!;
	expect([box.x, box.y, box.width, box.height]).toEqual([0, 0, viewport.width, viewport.height]);
}

test('a wall whose sessions an admin ends shows the signed-out screen, and signing in again brings the wall back', async ({ browser }) => {
	const wall = await open(browser, { username: 'wall-out', path: '/wall', locale: 'zh-CN', viewport: { width: 1920, height: 1080 } });
	try {
		const r = await fetch(`${app.baseUrl}/api/users/${wallUserId}/sessions`, { method: 'DELETE', headers: { cookie: app.cookie, origin: app.baseUrl } });
		expect(r.status).toBe(204);
		await expectOverlay(wall.page, 'ended', /已退出登录[\s\S]*会话已被管理员结束/, '/wall');
		await wall.page.screenshot({ path: 'test-results/signed-out-wall-1920.png' });
		await wall.page.setViewportSize({ width: 390, height: 844 });
		await expectOverlay(wall.page, 'ended', /重新登录/, '/wall');
		await wall.page.screenshot({ path: 'test-results/signed-out-wall-390.png' });

		await wall.page.getByRole('link', { name: '重新登录' }).click();
		await wall.page.locator('input[name="username"]').fill('wall-out');
		await wall.page.locator('input[name="password"]').fill(PASSWORD);
		await wall.page.getByRole('button').filter({ hasText: '登录' }).click();
		await expect(wall.page).toHaveURL(`${app.baseUrl}/wall`);
		await expect(wall.page.locator('[data-connection]')).toHaveAttribute('data-connection', /live|stale/);
		await expect(wall.page.locator('[data-signed-out]')).toHaveCount(0);
	} finally {
		await wall.close();
	}
});

test('a wall whose session expires shows the signed-out screen (English, phone-sized)', async ({ browser }) => {
	const wall = await open(browser, { username: 'wall-out', path: '/wall?from=test', locale: 'en', viewport: { width: 390, height: 844 } });
	try {
		await app.sql`update user_session set expires_at = now() where id_hash = ${sessionOf(wall.cookie)}`;
		await expectOverlay(wall.page, 'expired', /Signed out[\s\S]*Your session has expired/, '/wall?from=test');
		await wall.page.screenshot({ path: 'test-results/signed-out-expired-390.png' });
	} finally {
		await wall.close();
	}
});

test('a console whose reconnect is refused as unauthenticated shows the signed-out screen', async ({ browser }) => {
	const proxy = await startTcpProxy({ port: app.port });
	const consolePage = await open(browser, { username: 'op-out', path: '/', locale: 'zh-TW', viewport: { width: 1920, height: 1080 }, baseUrl: proxy.url });
	try {
		// The link drops; while the console is away its session ends, so the reconnect's handshake is refused.
		proxy.cut();
		proxy.drop();
		await expect(consolePage.page.locator('[data-connection]')).toHaveAttribute('data-connection', 'reconnecting');
		await app.sql`delete from user_session where id_hash = ${sessionOf(consolePage.cookie)}`;
		proxy.restore();
		await expectOverlay(consolePage.page, 'refused', /已登出[\s\S]*登入已失效/, '/');
		await consolePage.page.screenshot({ path: 'test-results/signed-out-console-1920.png' });
	} finally {
		await consolePage.close();
		await proxy.close();
	}
});
