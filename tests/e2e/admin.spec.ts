import { expect, test, type Page } from '@playwright/test';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';

// The admin pages for users and devices, in Chromium against the production build.
let app: RunningApp;
let north: string;
let south: string;
const PASSWORD = 'e2e-user-password-1';

test.beforeAll(async () => {
	app = await startApp();
	north = uniqueId('north');
	south = uniqueId('south');
	await createSite(app.sql, north);
	await createSite(app.sql, south);
});
test.afterAll(async () => {
	await app?.dispose();
});

/** Open a page with this session cookie (the admin's by default) in this language. */
async function open(page: Page, path: string, locale: string, cookie = app.cookie) {
	const [name, value] = cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	return page.goto(`${app.baseUrl}${path}`);
}

async function createUserByApi(username: string, role: string, sites: string[]) {
	const r = await app.api('/api/users', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username, displayName: `Display ${username}`, role, password: PASSWORD, sites })
	});
	expect(r.status).toBe(201);
	return ((await r.json()) as { user: { id: string } }).user.id;
}

async function getUser(username: string) {
	const { users } = (await (await app.api('/api/users')).json()) as {
		users: { username: string; role: string; sites: string[]; disabled: boolean }[];
	};
	return users.find((u) => u.username === username);
}

test('an admin creates a user on the page, sees it listed with its site by name, and disables it', async ({ page }) => {
	const username = uniqueId('op').replace('-', '.');
	await open(page, '/admin/users', 'en');
	await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
	await expect(page.getByTestId('user-menu')).toContainText('All sites');

	const create = page.getByTestId('user-create');
	await create.getByLabel('Username').fill(username);
	await create.getByLabel('Display name').fill('Night operator <b>Li</b>');
	await create.getByLabel('Role').selectOption('operator');
	await create.getByLabel('Password').fill(PASSWORD);
	await create.getByLabel('Sites').selectOption([north]);
	await create.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('status')).toHaveText(`User ${username} created.`);
	await expect(create.getByLabel('Username')).toHaveValue('');

	const row = page.locator(`tr[data-user="${username}"]`);
	await expect(row).toContainText('Night operator <b>Li</b>');
	await expect(row).toContainText('Operator');
	await expect(row).toContainText(`Test estate ${north}`);
	await expect(row.getByTestId('user-status')).toHaveText('Active');
	expect(await row.locator('b').count()).toBe(0);

	await row.getByText('Manage', { exact: true }).click();
	await page.screenshot({ path: 'test-results/e2e/admin-users.png', fullPage: true });
	await row.getByRole('button', { name: 'Disable' }).click();
	await expect(row.getByTestId('user-status')).toHaveText('Disabled');
	await expect(row.getByRole('status')).toHaveText('Disabled; the user was signed out.');
	await expect(row.getByRole('button', { name: 'Enable' })).toBeVisible();
	expect((await getUser(username))?.disabled).toBe(true);
});

test('refused input is shown at the form: a short password, then a taken username', async ({ page }) => {
	await open(page, '/admin/users', 'en');
	const create = page.getByTestId('user-create');
	await create.getByLabel('Username').fill('shorty');
	await create.getByLabel('Display name').fill('Shorty');
	await create.getByLabel('Password').fill('short');
	await create.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('alert')).toHaveText('The password needs at least 10 characters.');
	await expect(create.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true');
	await expect(create.getByLabel('Username')).toHaveValue('shorty');
	expect(await getUser('shorty')).toBeUndefined();

	await create.getByLabel('Username').fill('admin');
	await create.getByLabel('Password').fill(PASSWORD);
	await create.getByRole('button', { name: 'Create user' }).click();
	await expect(page.getByRole('alert')).toHaveText('This username is taken.');
	await expect(create.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
	await page.screenshot({ path: 'test-results/e2e/admin-users-refused.png', fullPage: true });
});

test('an admin changes a role and sites, sets a password and ends sessions', async ({ page }) => {
	const username = uniqueId('mgr');
	await createUserByApi(username, 'operator', [north]);
	const userCookie = await signInCookie(app.baseUrl, username, PASSWORD);
	await open(page, '/admin/users', 'en');
	const row = page.locator(`tr[data-user="${username}"]`);
	await row.getByText('Manage', { exact: true }).click();

	await row.getByLabel('Role').selectOption('manager');
	await row.getByLabel('Sites').selectOption([north, south]);
	await row.getByRole('button', { name: 'Save' }).click();
	await expect(row.getByRole('status')).toHaveText('Saved.');
	await expect(row).toContainText(`Test estate ${north}, Test estate ${south}`);
	expect(await getUser(username)).toMatchObject({ role: 'manager', sites: [north, south].sort() });
	// A role change signs the user out everywhere.
	expect((await fetch(`${app.baseUrl}/api/users`, { headers: { cookie: userCookie } })).status).toBe(401);

	await row.getByLabel('New password').fill('short');
	await row.getByRole('button', { name: 'Set password' }).click();
	await expect(row.getByRole('alert')).toHaveText('The password needs at least 10 characters.');
	await row.getByLabel('New password').fill('a-brand-new-password');
	await row.getByRole('button', { name: 'Set password' }).click();
	await expect(row.getByRole('status')).toHaveText('Password changed; the user was signed out.');
	const newCookie = await signInCookie(app.baseUrl, username, 'a-brand-new-password');

	await row.getByRole('button', { name: 'End all sessions' }).click();
	await expect(row.getByRole('status')).toHaveText("All of the user's sessions were ended.");
	expect((await fetch(`${app.baseUrl}/api/sites/${north}/state`, { headers: { cookie: newCookie } })).status).toBe(401);
});

test('the users page and the user menu speak Simplified Chinese; the menu names the sites', async ({ page }) => {
	const username = uniqueId('zh');
	await createUserByApi(username, 'operator', [north, south]);
	await open(page, '/admin/users', 'zh-CN');
	await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
	await expect(page.getByRole('heading', { name: '用户管理' })).toBeVisible();
	await expect(page.getByRole('link', { name: '用户', exact: true })).toHaveAttribute('href', '/admin/users');
	await expect(page.getByRole('link', { name: '设备', exact: true })).toHaveAttribute('href', '/admin/devices');
	await expect(page.locator(`tr[data-user="${username}"]`)).toContainText(`测试小区 ${north}、测试小区 ${south}`);
	await expect(page.getByTestId('user-create').getByRole('button', { name: '创建用户' })).toBeVisible();
	await page.screenshot({ path: 'test-results/e2e/admin-users-zh-CN.png', fullPage: true });

	const operator = await signInCookie(app.baseUrl, username, PASSWORD);
	await open(page, '/', 'zh-CN', operator);
	await expect(page.getByTestId('user-sites')).toHaveText(`测试小区 ${north}、测试小区 ${south}`);
	await expect(page.getByRole('link', { name: '用户', exact: true })).toHaveCount(0);
});

test('a non-admin gets 403 for the admin pages and their actions', async ({ page }) => {
	const username = uniqueId('nosy');
	await createUserByApi(username, 'operator', [north]);
	const operator = await signInCookie(app.baseUrl, username, PASSWORD);
	expect((await open(page, '/admin/users', 'en', operator))?.status()).toBe(403);
	expect((await open(page, '/admin/devices', 'en', operator))?.status()).toBe(403);
	const post = await fetch(`${app.baseUrl}/admin/users?/create`, {
		method: 'POST',
		headers: { cookie: operator, origin: app.baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username: 'sneaky', displayName: 'Sneaky', role: 'admin', password: PASSWORD })
	});
	expect(post.status).toBe(403);
	expect(await getUser('sneaky')).toBeUndefined();
});

/**
 * Whether the app takes this credential for the device (HTTP Basic on its ingest endpoint: the
 * app checks it in both profiles, while MQTT refusal depends on the broker in use).
 */
async function canConnect(username: string, password: string): Promise<boolean> {
	const [site, device] = username.split('.');
	const r = await fetch(`${app.baseUrl}/api/sites/${site}/devices/${device}/scans`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` },
		body: JSON.stringify({ id: uniqueId('probe'), guard: 'G-1', checkpoint: 'CP-1', at: new Date().toISOString(), method: 'qr' })
	});
	if (r.status !== 201 && r.status !== 401) throw new Error(`unexpected ${r.status} ${await r.text()}`);
	return r.status === 201;
}

test('an admin adds a device, sees its password once, gives it a new one, and revokes it', async ({ page }) => {
	const device = uniqueId('FAP');
	await open(page, `/admin/devices?site=${south}`, 'en');
	await expect(page.getByRole('heading', { name: 'Devices', exact: true })).toBeVisible();
	await expect(page.getByTestId('device-site')).toHaveValue(south);

	const create = page.getByTestId('device-create');
	await create.getByLabel('Device ID').fill(device);
	await create.getByLabel('Kind').selectOption('fire_panel');
	await create.getByRole('button', { name: 'Add and issue a credential' }).click();
	const issued = page.getByTestId('issued-credential');
	await expect(issued).toContainText(`Credential for ${device}`);
	await expect(issued).toContainText('cannot be shown again');
	const username = (await issued.getByTestId('issued-username').textContent())!;
	const first = (await issued.getByTestId('issued-password').textContent())!;
	expect(first.length).toBeGreaterThan(8);
	const row = page.locator(`tr[data-device="${device}"]`);
	await expect(row).toContainText('Fire alarm panel');
	await expect(row.getByTestId('device-credential')).toHaveAttribute('data-state', 'active');
	await page.screenshot({ path: 'test-results/e2e/admin-devices-issued.png', fullPage: true });
	expect(await canConnect(username, first)).toBe(true);

	// Shown once: a reload does not bring the password back.
	await page.reload();
	await expect(row).toBeVisible();
	await expect(issued).toHaveCount(0);
	expect(await page.content()).not.toContain(first);

	// A second add of the same device is refused while its credential is active.
	await create.getByLabel('Device ID').fill(device);
	await create.getByRole('button', { name: 'Add and issue a credential' }).click();
	await expect(create.getByRole('alert')).toContainText('already has an active credential');

	await row.getByTestId('device-rotate').click();
	await expect(issued).toContainText(`Credential for ${device}`);
	const second = (await issued.getByTestId('issued-password').textContent())!;
	expect(second).not.toBe(first);
	expect(await canConnect(username, first)).toBe(false);
	expect(await canConnect(username, second)).toBe(true);

	await row.getByTestId('device-revoke').click();
	await expect(row).toContainText(`Revoke the credential of ${device}?`);
	await row.getByTestId('device-revoke-confirm').click();
	await expect(row.getByTestId('device-credential')).toHaveAttribute('data-state', 'revoked');
	await expect(row.getByRole('status')).toHaveText(`The credential of ${device} was revoked.`);
	expect(await canConnect(username, second)).toBe(false);
	await expect(row.getByTestId('device-issue')).toBeVisible();
	await page.screenshot({ path: 'test-results/e2e/admin-devices-revoked.png', fullPage: true });
});

test('the devices page speaks Simplified Chinese and ignores an unknown site', async ({ page }) => {
	await open(page, '/admin/devices?site=no-such-site', 'zh-CN');
	await expect(page.getByRole('heading', { name: '设备管理' })).toBeVisible();
	await expect(page.getByTestId('device-site')).toHaveValue(north);
	await expect(page.getByTestId('device-create').getByRole('button', { name: '添加并签发凭据' })).toBeVisible();
	await page.screenshot({ path: 'test-results/e2e/admin-devices-zh-CN.png', fullPage: true });
});
