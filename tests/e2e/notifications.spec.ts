import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';
import { importBundle } from '../fixtures/projections-check';
import { createUser } from '../fixtures/users';
import type { Notification } from '../../src/lib/domain/notification/model';
import type { Organisation } from '../../src/lib/domain/organisation/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { Ticket } from '../../src/lib/domain/ticket/model';

// Notifications in the browser, over the real app with a controlled clock: an administrator adds
// webhook channels and tests them against local receivers (one answering 200, one 500) and reads
// the outcome in words; a supervisor picks the webhook for escalations; an urgent repair nobody
// answers escalates after 15 minutes and reaches the supervisor's bell live and the webhook, in
// the same words; the supervisor acknowledges it from the bell.
test.describe.configure({ mode: 'serial' });

const SHOTS = 'test-results/screenshots';
const PASSWORD = 'a long enough password 1';
const SECRET = 'a webhook secret of some length';
const site = uniqueId('e2e-ntf');
const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const estate = {
	site: { id: site, name: { 'zh-CN': '翠湖花园', 'zh-TW': '翠湖花園', en: 'Cuihu Garden' }, address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
	devices: [],
	guards: [],
	places: [{ building: 'T1', units: [{ id: '1', floors: [1, 3], roomsPerFloor: 2 }] }],
	plan: { type: 'FeatureCollection', features: [] }
} as SiteBundle;

type Receiver = Awaited<ReturnType<typeof startReceiver>>;
/** A local webhook receiver: every request's headers and raw body, answered with `status`. */
async function startReceiver(status: number) {
	const got: { headers: http.IncomingHttpHeaders; body: string }[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got, close: () => new Promise((r) => server.close(r)) };
}

let app: RunningApp;
let ok: Receiver;
let broken: Receiver;
const people = { desk: ['operator', 'Operator Li'], boss: ['manager', '主管赵'], fixer: ['guard', '工程师王'] } as const;
type Who = keyof typeof people;
const ids = {} as Record<Who, string>;
const cookies = {} as Record<Who, string>;

test.beforeAll(async () => {
	[ok, broken] = await Promise.all([startReceiver(200), startReceiver(500)]);
	app = await startApp({ testClock: true });
	// Tomorrow 10:00 in Shanghai: inside the working day (the clock only moves forward).
	const morning = new Date(Date.now() + 24 * 3600_000);
	morning.setUTCHours(2, 0, 0, 0);
	await app.clock.set(morning);
	await importBundle(app.sql, estate);
	for (const who of Object.keys(people) as Who[]) {
		const [role, displayName] = people[who];
		ids[who] = (await createUser(app.sql, { username: `${who}-${site}`, displayName, role, password: PASSWORD, sites: [site] })).id;
		cookies[who] = await signInCookie(app.baseUrl, `${who}-${site}`, PASSWORD);
	}
	const organisation: Organisation = {
		departments: [{ id: 'eng', kind: 'engineering', name: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' }, supervisor: ids.boss, members: [ids.fixer] }],
		manager: null,
		serviceCentre: [],
		stewards: [],
		workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
		endOfDay: '18:00'
	};
	const put = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 0, organisation }) });
	expect(put.status, await put.clone().text()).toBe(200);
});
test.afterAll(async () => {
	await app?.dispose();
	await Promise.all([ok?.close(), broken?.close()]);
});

const call = (who: Who, method: string, path: string, body?: unknown) =>
	fetch(`${app.baseUrl}${path}`, {
		method,
		headers: { origin: app.baseUrl, cookie: cookies[who], ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});

/** A browser page signed in with `cookie`, in `locale`, at `viewport`. */
async function openAs(browser: Browser, cookie: string, locale: 'zh-CN' | 'en', viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
	const [cookieName, value] = cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	return context.newPage();
}

/** Go to `path` and wait until the page is live: the bell (in every header) has fetched its list, so the page has hydrated. */
async function visit(page: Page, path: string) {
	await page.goto(`${app.baseUrl}${path}`);
	await expect(page.getByTestId('notification-bell')).toHaveAttribute('data-loaded', 'true');
}

async function addWebhook(page: Page, channelName: string, url: string) {
	await page.locator('button[data-action="channel-add"]').click();
	const dialog = page.getByTestId('channel-dialog');
	await expect(dialog.locator('select[name="kind"]')).toBeFocused();
	await dialog.getByLabel('Name').fill(channelName);
	await dialog.getByLabel('URL').fill(url);
	await dialog.getByLabel('Signing secret').fill(SECRET);
	await dialog.locator('select[name="locale"]').selectOption('zh-CN');
	await dialog.locator('button[data-action="channel-save"]').click();
	await expect(dialog).toBeHidden();
	const card = page.locator('article[data-channel-id]', { has: page.getByRole('heading', { name: channelName }) });
	await expect(card).toBeVisible();
	return card;
}

test('an administrator adds webhook channels, tests them and reads how each went in words; secrets stay hidden and kept', async ({ browser }) => {
	const page = await openAs(browser, app.cookie, 'en');
	await visit(page, '/admin/notifications');
	await expect(page.getByRole('heading', { level: 1, name: 'Notification channels' })).toBeVisible();
	await expect(page.locator('header nav a[href="/admin/notifications"]')).toHaveAttribute('aria-current', 'page');

	// A refused form marks its fields: a secret too short.
	await page.locator('button[data-action="channel-add"]').click();
	const dialog = page.getByTestId('channel-dialog');
	await dialog.getByLabel('Name').fill('Too short');
	await dialog.getByLabel('URL').fill(ok.url);
	await dialog.getByLabel('Signing secret').fill('short');
	await dialog.locator('button[data-action="channel-save"]').click();
	await expect(dialog.getByTestId('channel-problem')).toHaveText('Some fields need correcting.');
	await expect(dialog.getByLabel('Signing secret')).toHaveAttribute('aria-invalid', 'true');
	// A Feishu robot through a relay (here the failing receiver): a warning, as the address is not
	// Feishu's, but saved; it takes escalations at this site for everyone.
	await dialog.locator('select[name="kind"]').selectOption('feishu');
	await expect(dialog.getByLabel('Signing secret')).not.toHaveAttribute('aria-invalid');
	const robotUrl = dialog.getByLabel("The robot's webhook URL");
	await expect(dialog.getByTestId('robot-url-warning')).toContainText("not the robot's official address");
	await robotUrl.fill('https://open.feishu.cn/open-apis/bot/v2/hook/abc');
	await expect(dialog.getByTestId('robot-url-warning')).toHaveCount(0);
	await robotUrl.fill(broken.url);
	await expect(dialog.getByTestId('robot-url-warning')).toBeVisible();
	await dialog.getByLabel('Name').fill('Team robot (relay)');
	await dialog.getByLabel('Signing secret').fill('feishu-secret-1');
	await dialog.getByLabel('Work order overdue and escalated').check();
	await dialog.getByLabel('All sites').uncheck();
	await dialog.getByLabel('Cuihu Garden').check();
	await dialog.locator('button[data-action="channel-save"]').click();
	await expect(dialog).toBeHidden();
	const robot = page.locator('article[data-channel-id]', { has: page.getByRole('heading', { name: 'Team robot (relay)' }) });
	await expect(robot).toContainText('Work order overdue and escalated · at Cuihu Garden');

	const good = await addWebhook(page, 'Desk webhook', ok.url);
	const bad = await addWebhook(page, 'Broken hook', broken.url);
	await expect(good.getByTestId('channel-last')).toHaveText('Nothing sent yet');

	await good.locator('button[data-action="channel-test"]').click();
	await expect(good.getByTestId('channel-test-result')).toHaveText('Test message sent: the channel works.');
	expect(ok.got).toHaveLength(1);
	const test1 = ok.got[0];
	expect(test1.headers['x-shouwang-signature']).toBe(createHmac('sha256', SECRET).update(test1.body).digest('hex'));
	expect(JSON.parse(test1.body).messages[0]).toMatchObject({ kind: 'channel_test', title: '守望测试通知' });

	await bad.locator('button[data-action="channel-test"]').click();
	await expect(bad.getByTestId('channel-test-result')).toHaveAttribute('data-outcome', 'failed');
	await expect(bad.getByTestId('channel-test-result')).toContainText('Test failed: the receiver had an error (HTTP 500); notifications are tried again later.');
	await expect(bad.getByTestId('channel-test-result').locator('code')).toHaveText('http_500');
	expect(broken.got).toHaveLength(1);
	await expect(robot.getByTestId('channel-last')).toHaveText('Nothing sent yet');

	// Edited: the secret shows hidden, and left so it is kept (the next test is signed with it).
	await good.locator('button[data-action="channel-edit"]').click();
	await expect(dialog.getByLabel('Signing secret')).toHaveValue('••••••••');
	await expect(dialog.getByLabel('Signing secret')).not.toHaveValue(SECRET);
	await dialog.getByLabel('Name').fill('Desk webhook (zh)');
	await dialog.locator('button[data-action="channel-save"]').click();
	await expect(dialog).toBeHidden();
	const renamed = page.locator('article[data-channel-id]', { has: page.getByRole('heading', { name: 'Desk webhook (zh)' }) });
	await renamed.locator('button[data-action="channel-test"]').click();
	await expect(renamed.getByTestId('channel-test-result')).toHaveAttribute('data-outcome', 'ok');
	expect(ok.got[1].headers['x-shouwang-signature']).toBe(createHmac('sha256', SECRET).update(ok.got[1].body).digest('hex'));

	// Off, then gone (after a confirmation).
	await bad.locator('button[data-action="channel-toggle"]').click();
	await expect(bad).toHaveAttribute('data-enabled', 'false');
	await expect(bad.getByTestId('channel-state')).toHaveText('Disabled');
	await bad.locator('button[data-action="channel-delete"]').click();
	const confirm = page.getByTestId('channel-delete-dialog');
	await expect(confirm).toContainText('Delete the channel “Broken hook”?');
	await confirm.locator('button[data-action="channel-delete-confirm"]').click();
	await expect(bad).toHaveCount(0);
	await expect(page.locator('article[data-channel-id]')).toHaveCount(2);
	await page.context().close();
});

test('a supervisor picks the webhook for escalations; an unanswered urgent repair escalates live into their bell and the webhook, in the same words, and is acknowledged there', async ({ browser }) => {
	const page = await openAs(browser, cookies.boss, 'zh-CN');
	await visit(page, '/');
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	// The user menu links to the settings (behind the phone menu on a narrow window; here in view).
	await page.locator('header a[href="/settings/notifications"]').click();
	await expect(page.getByRole('heading', { level: 1, name: '我的通知' })).toBeVisible();
	const escalations = page.locator('li.rule[data-kind="ticket_escalated"]');
	await escalations.getByLabel(/Desk webhook \(zh\)/).check();
	await escalations.getByLabel('重复提醒', { exact: true }).check();
	await escalations.getByLabel('间隔（分钟）', { exact: true }).fill('10');
	await page.locator('button[data-action="rules-save"]').click();
	await expect(page.getByTestId('rules-outcome')).toHaveText('已保存。');
	const { rules } = (await (await call('boss', 'GET', '/api/notification-rules')).json()) as { rules: { kind: string; channels: string[]; repeatEvery: number | null }[] };
	expect(rules).toEqual([{ kind: 'ticket_escalated', channels: [expect.stringMatching(/^ch-/)], repeatEvery: 10 }]);

	const bell = page.getByTestId('notification-bell');
	await expect(bell).toHaveAttribute('data-unread', '0');
	await expect(bell).toHaveAccessibleName('通知');

	const made = await call('desk', 'POST', '/api/tickets', { site, origin: 'hotline', category: 'repair_water', priority: 'urgent', description: 'Water through the ceiling', place: 'T1-1-301' });
	expect(made.status, await made.clone().text()).toBe(201);
	const { ticket } = (await made.json()) as { ticket: Ticket };
	const before = ok.got.length;
	// Nobody answers: the warning at 12 minutes, the breach at 15, each up to the supervisor's bell as it happens.
	await app.clock.advance(12 * 60_000 + 1000);
	await expect(bell).toHaveAttribute('data-unread', '1', { timeout: 15_000 });
	await app.clock.advance(4 * 60_000);
	await expect(bell).toHaveAttribute('data-unread', '2', { timeout: 15_000 });
	await expect(bell).toHaveAccessibleName('通知，2 条未读');
	await expect(page.locator('[aria-live="polite"]', { hasText: '2 条未读通知' })).toBeAttached();

	const delivered = await waitFor(() => ok.got.slice(before).find((g) => g.body.includes('ticket_escalated')), 10_000, 'the escalation at the webhook');
	expect(delivered.headers['x-shouwang-signature']).toBe(createHmac('sha256', SECRET).update(delivered.body).digest('hex'));
	const sent = JSON.parse(delivered.body).messages[0] as { title: string; text: string; link: string | null };

	await bell.click();
	const centre = page.getByTestId('notification-centre');
	await expect(centre.getByRole('heading', { name: '通知' })).toBeFocused();
	const item = centre.locator(`li[data-kind="ticket_escalated"]`);
	await expect(item.locator('.title')).toHaveText(sent.title);
	await expect(item.locator('.text')).toHaveText(sent.text);
	await expect(item.locator('.title')).toContainText(`工单 ${ticket.id}：响应已超时，升级至部门主管`);
	await expect(item).toContainText('翠湖花园');
	await expect(item.getByRole('link', { name: '查看工单' })).toHaveAttribute('href', `/tickets/${ticket.id}`);
	await expect(item).toContainText('确认前每 10 分钟重复提醒');
	await expect(centre.locator('li[data-kind="ticket_warning"]')).toHaveCount(1);
	// Opened, they are seen: the count is gone here and on the server.
	await expect(bell).toHaveAttribute('data-unread', '0');
	await expect.poll(async () => ((await (await call('boss', 'GET', '/api/notifications')).json()) as { unread: number }).unread).toBe(0);

	await item.getByRole('button', { name: '确认' }).click();
	await expect(item).toHaveAttribute('data-acknowledged', 'yes');
	await expect(item).toContainText('您已于');
	const id = (await item.getAttribute('data-notification-id'))!;
	const stored = (await (await call('boss', 'GET', '/api/notifications')).json()) as { notifications: Notification[] };
	expect(stored.notifications.find((n) => n.id === id)).toMatchObject({ acknowledgedBy: ids.boss });

	await expect(item.locator('.acked')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(centre).toBeHidden();
	await expect(bell).toBeFocused();
	await page.context().close();
});

test('screens: the bell open, the channels page and the settings page, at a desk and on a phone, in Chinese and English; the open bell passes axe', async ({ browser }) => {
	for (const locale of ['zh-CN', 'en'] as const) {
		for (const viewport of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
			const tag = `${locale}-${viewport.width}`;
			const boss = await openAs(browser, cookies.boss, locale, viewport);
			await visit(boss, `/?site=${site}`);
			await expect(boss.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
			await boss.getByTestId('notification-bell').click();
			await expect(boss.getByTestId('notification-centre').locator('li[data-notification-id]')).toHaveCount(2);
			await boss.screenshot({ path: `${SHOTS}/notifications-bell-${tag}.png` });
			const { violations } = await new AxeBuilder({ page: boss }).include('[data-testid="notification-centre"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
			expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			await visit(boss, '/settings/notifications');
			await expect(boss.locator('li.rule')).toHaveCount(8);
			await boss.screenshot({ path: `${SHOTS}/notifications-settings-${tag}.png`, fullPage: true });
			await boss.context().close();

			const admin = await openAs(browser, app.cookie, locale, viewport);
			await visit(admin, '/admin/notifications');
			const cards = admin.locator('article[data-channel-id]');
			await expect(cards.filter({ hasText: 'Desk webhook' }).getByTestId('channel-last')).toHaveAttribute('data-status', 'sent');
			// The robot's relay answers 500: its escalation waits for another try, and the page says why.
			const robot = cards.filter({ hasText: 'Team robot' });
			await expect(robot.getByTestId('channel-last')).toHaveAttribute('data-status', 'pending');
			await expect(robot.getByTestId('channel-last').locator('code')).toHaveText('http_500');
			await robot.locator('button[data-action="channel-test"]').click();
			await expect(robot.getByTestId('channel-test-result')).toHaveAttribute('data-outcome', 'failed');
			await admin.screenshot({ path: `${SHOTS}/notifications-channels-${tag}.png`, fullPage: true });
			await robot.locator('button[data-action="channel-edit"]').click();
			await expect(admin.getByTestId('channel-dialog')).toBeVisible();
			await admin.screenshot({ path: `${SHOTS}/notifications-channel-dialog-${tag}.png` });
			await admin.context().close();
		}
	}
});
