import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { makePng } from '../fixtures/photos';
import { importBundle } from '../fixtures/projections-check';
import { createUser } from '../fixtures/users';
import type { Organisation } from '../../src/lib/domain/organisation/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import type { Ticket } from '../../src/lib/domain/ticket/model';

// Work orders as the service desk meets them: a resident's call taken on the hotline form (place
// from the site's tree, a photo), seen at once on the board and in the console's panel with its
// countdown, then taken through assign → start → done → follow-up (rated 2: back as rework) →
// start → done → follow-up → close on its page. A work order made in one click from an incident
// carries its place and links back; a guard's finding made into one leaves the findings list.
// Two tickets opened the day before stayed open overnight: the app's clock (and each browser's)
// runs 26 hours ahead of their opening, so they are overdue, escalated and on the morning report.
const SHOTS = 'test-results/screenshots';
const HOUR = 3_600_000;
let app: RunningApp;
const site = uniqueId('e2e-tk');
/** How far the app's clock runs ahead of real time: each browser context runs the same. */
let offsetMs = 0;
const people = { fixer: '张师傅', boss: '王主管' } as const;
const ids = {} as Record<keyof typeof people, string>;
let guardCookie = '';

const name = (zh: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': zh, en });

function estate(): SiteBundle {
	return {
		site: { id: site, name: name('翠湖苑', 'Green Lake Court'), address: name('湖滨路 8 号', '8 Lakeside Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [],
		guards: [{ id: 'G1', name: name('王伟', 'Wang Wei') }],
		places: [{ building: 'T1', units: [{ id: '1', floors: [1, 3], roomsPerFloor: 2 }] }],
		plan: {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[120.15, 30.28], [120.151, 30.28], [120.151, 30.281], [120.15, 30.28]]] }, properties: { kind: 'building', id: 'T1', name: name('1 号楼', 'Block 1'), floors: 3, units: 1 } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.1505, 30.2805] }, properties: { kind: 'checkpoint', id: 'CP-PUMP', name: name('水泵房', 'Pump room') } }
			]
		}
	} as unknown as SiteBundle;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

test.beforeAll(async () => {
	app = await startApp({ testClock: true });
	await importBundle(app.sql, estate());
	const password = 'a long enough password 1';
	for (const who of Object.keys(people) as (keyof typeof people)[]) {
		ids[who] = (await createUser(app.sql, { username: `${who}-${site}`, displayName: people[who], role: 'guard', password, sites: [site] })).id;
	}
	const guard = await app.api('/api/users', json({ username: `g1-${site}`, displayName: '王伟', role: 'guard', password, sites: [site], guard: { site, guard: 'G1' } }));
	expect(guard.status).toBe(201);
	guardCookie = await signInCookie(app.baseUrl, `g1-${site}`, password);
	const organisation: Organisation = {
		departments: [
			{ id: 'eng', kind: 'engineering', name: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' }, supervisor: ids.boss, members: [ids.fixer] },
			{ id: 'cs', kind: 'customer_service', name: { 'zh-CN': '客服部', 'zh-TW': '客服部', en: 'Customer service' }, supervisor: null, members: [] }
		],
		manager: null,
		serviceCentre: [],
		stewards: [],
		workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5, 6, 7] },
		endOfDay: '18:00'
	};
	const put = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 0, organisation }) });
	expect(put.status, await put.clone().text()).toBe(200);
	// Yesterday's calls, still open this morning.
	for (const [category, description] of [['repair_elevator', '2 号梯停在 3 楼，门打不开'], ['cleaning', '地下车库入口有油污']] as const) {
		const r = await app.api('/api/tickets', json({ site, origin: 'hotline', category, priority: 'normal', description }));
		expect(r.status, await r.clone().text()).toBe(201);
	}
	const moved = await app.clock.advance(26 * HOUR);
	offsetMs = moved.getTime() - Date.now();
});
test.afterAll(async () => {
	await app?.dispose();
});

/** A signed-in page in `locale` at `viewport`, its clock running with the app's; a live page is waited on until connected. */
async function openPage(browser: Browser, path: string, locale = 'zh-CN', viewport = { width: 1920, height: 1080 }, opts: { offline?: boolean } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai' });
	const [cookieName, value] = app.cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	await context.clock.install({ time: Date.now() + offsetMs });
	await context.clock.resume();
	const page = await context.newPage();
	// Cut off from the live socket: the page shows what it loaded and nothing after.
	if (opts.offline) {
		await page.routeWebSocket(/socket\.io/, () => undefined);
		await page.route('**/socket.io/**', (route) => route.abort());
	}
	await page.goto(`${app.baseUrl}${path}`);
	// The console and the board say when they are live.
	if (/^\/(tickets)?\?/.test(path) && !opts.offline) await expect(page.locator('[data-connection]').first()).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	return page;
}

const statusOf = (page: Page) => page.getByTestId('ticket-status');

test('a hotline call becomes a work order, seen on the board and the console, and is taken through to closed with a rework on the way', async ({ browser }) => {
	const board = await openPage(browser, `/tickets?site=${site}`);
	// Yesterday's two are open, overdue and escalated by now.
	await expect(board.locator('[data-testid="ticket-board"] [data-ticket-id]')).toHaveCount(2);
	await expect(board.getByTestId('board-breached')).toHaveText('2 张超时');

	await board.locator('button[data-action="new-ticket"]').click();
	const dialog = board.getByTestId('new-ticket-dialog');
	await expect(dialog.locator('select[name="category"]')).toBeFocused();
	await dialog.locator('select[name="category"]').selectOption('repair_water');
	await dialog.locator('select[name="priority"]').selectOption('urgent');
	await dialog.locator('select[data-place-level="building"]').selectOption('T1');
	await dialog.locator('select[data-place-level="unit"]').selectOption('T1-1');
	await dialog.locator('select[data-place-level="floor"]').selectOption('T1-1-2F');
	await dialog.locator('select[data-place-level="room"]').selectOption('T1-1-201');
	await expect(dialog.getByTestId('place-chosen')).toHaveText('位置：1 号楼 · 1 单元 · 2F · 201');
	await dialog.locator('textarea[name="description"]').fill('厨房水槽下水管漏水，地面已积水');
	await expect(dialog).toContainText('请勿在此填写报事人姓名或电话');
	// Routing picks engineering for a plumbing repair, and says so.
	await expect(dialog.locator('select[name="department"] option').first()).toHaveText('按派单规则：工程部');
	await dialog.locator('input[name="photos-report"]').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: makePng(640, 480, 30) });
	await expect(dialog.getByTestId('photo-picker-report').locator('img')).toHaveCount(1);
	await board.screenshot({ path: `${SHOTS}/ticket-board-new-zh-CN.png` });
	await dialog.locator('button[data-action="new-ticket-submit"]').click();
	await expect(dialog).toBeHidden();

	const card = board.locator('[data-column="open"] [data-ticket-id]').filter({ hasText: '厨房水槽下水管漏水' });
	await expect(card).toBeVisible();
	const id = (await card.getAttribute('data-ticket-id'))!;
	expect(id).toBe(`${site}-T3`);
	await expect(card.locator('[data-timer]')).toHaveAttribute('data-timer', 'running');
	await expect(card).toContainText('响应');
	await board.screenshot({ path: `${SHOTS}/ticket-board-zh-CN.png`, fullPage: true });

	// The console: in the panel beside the queue, urgent and counting down; the overdue ones counted.
	const console = await openPage(browser, `/?site=${site}`);
	const panel = console.getByTestId('ticket-panel');
	const row = panel.locator(`a[data-ticket-id="${id}"]`);
	await expect(row).toContainText('水管维修');
	await expect(row).toContainText('紧急');
	await expect(row.locator('time')).toHaveText(/^1[45]:\d\d$/);
	await expect(panel.getByTestId('tickets-breached')).toHaveText('2 张超时');
	await expect(panel.getByTestId('tickets-overnight')).toHaveAttribute('data-count', '2');
	await panel.locator('select[data-filter="timer"]').selectOption('breached');
	await expect(panel.locator('a[data-ticket-id]')).toHaveCount(2);
	await expect(row).toBeHidden();
	await panel.locator('select[data-filter="timer"]').selectOption('');
	await console.screenshot({ path: `${SHOTS}/console-tickets-zh-CN.png` });
	await console.context().close();

	// Its page, opened from the board.
	await card.click();
	await expect(board).toHaveURL(new RegExp(`/tickets/${id}$`));
	const page = board;
	await expect(page.getByTestId('ticket-place')).toHaveText('1 号楼 · 1 单元 · 2F · 201');
	await expect(page.getByTestId('ticket-department')).toHaveText('工程部');
	await expect(page.getByTestId('ticket-photos').locator('[data-photo-stage="report"] img')).toHaveCount(1);
	await expect(statusOf(page)).toHaveAttribute('data-status', 'open');

	const actions = page.getByTestId('ticket-actions');
	await actions.locator('select[name="assignee"]').selectOption(ids.fixer);
	await actions.locator('button[data-action="assign"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'assigned');
	await expect(page.getByTestId('ticket-assignee')).toHaveText(people.fixer);
	await expect(page.locator('[data-testid="ticket-stages"] tr[data-stage="response"]')).toHaveAttribute('data-met', 'yes');

	await actions.locator('input[name="photos-before"]').setInputFiles({ name: 'before.png', mimeType: 'image/png', buffer: makePng(640, 480, 90) });
	await expect(actions.getByTestId('photo-picker-before').locator('img')).toHaveCount(1);
	await actions.locator('button[data-action="start"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'in_progress');

	await actions.locator('textarea[name="done-note"]').fill('更换下水管接头');
	await actions.locator('input[name="photos-after"]').setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng(640, 480, 160) });
	await expect(actions.getByTestId('photo-picker-after').locator('img')).toHaveCount(1);
	await actions.locator('button[data-action="done"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'done');

	// Rated 2: the form says it goes back, and it does.
	const followUp = page.getByTestId('follow-up-form');
	await followUp.getByLabel('电话回访', { exact: true }).check();
	await followUp.getByLabel('是', { exact: true }).check();
	await followUp.locator('label[data-rating="2"]').click();
	await expect(followUp.getByTestId('rework-hint')).toHaveClass(/warn/);
	await expect(followUp.locator('button[data-action="follow-up"]')).toHaveText('提交回访并退回返工');
	await followUp.locator('textarea[name="comment"]').fill('还在滴水');
	await followUp.locator('button[data-action="follow-up"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'assigned');
	await expect(statusOf(page)).toContainText('返工 ×1');

	await actions.locator('button[data-action="start"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'in_progress');
	await actions.locator('button[data-action="done"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'done');
	await followUp.getByLabel('上门回访', { exact: true }).check();
	await followUp.getByLabel('是', { exact: true }).check();
	await followUp.locator('label[data-rating="5"]').click();
	await followUp.locator('button[data-action="follow-up"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'followed_up');
	await expect(page.getByTestId('ticket-follow-up')).toHaveCount(2);
	await page.screenshot({ path: `${SHOTS}/ticket-detail-zh-CN.png`, fullPage: true });

	await actions.locator('button[data-action="close"]').click();
	await expect(statusOf(page)).toHaveAttribute('data-status', 'closed');
	const history = page.getByTestId('ticket-history');
	await expect(history.locator('li')).toHaveCount(10);
	await expect(history).toContainText(`工单 ${id} 已派给 ${people.fixer}`);
	await expect(history).toContainText(`工单 ${id} 已退回返工`);
	await expect(history).toContainText(`工单 ${id} 已关闭`);
	// Closed, it can only be reopened (with a reason).
	await expect(actions.locator('button')).toHaveCount(1);
	await expect(actions.locator('button[data-action="reopen"]')).toBeDisabled();
	await page.context().close();
});

test('a step refused by the server is said in words', async ({ browser }) => {
	expect((await app.api(`/api/tickets/${site}-T1/assign`, json({ assignee: ids.fixer }))).status).toBe(200);
	// A page that does not hear the log: it still offers "start" after someone else started and finished the work.
	const page = await openPage(browser, `/tickets/${site}-T1`, 'zh-CN', { width: 1920, height: 1080 }, { offline: true });
	await expect(statusOf(page)).toHaveAttribute('data-status', 'assigned');
	expect((await app.api(`/api/tickets/${site}-T1/start`, json({ photos: [] }))).status).toBe(200);
	expect((await app.api(`/api/tickets/${site}-T1/done`, json({ note: null, photos: [] }))).status).toBe(200);
	await page.getByTestId('ticket-actions').locator('button[data-action="start"]').click();
	const refused = page.getByTestId('ticket-refused');
	await expect(refused).toHaveAttribute('data-reason', 'wrong_status');
	await expect(refused).toHaveText('工单状态已变化，此操作已不适用。');
	await page.context().close();
});

test('a work order from an incident carries its place and links back; a finding made into one leaves the list', async ({ browser }) => {
	const opened = await app.api('/api/incidents', json({ site, kind: 'water_leak', severity: 'major', place: 'T1-1-301', note: '3 楼走廊天花板渗水' }));
	expect(opened.status).toBe(201);
	const incident = ((await opened.json()) as { incident: { id: string } }).incident.id;

	const console = await openPage(browser, `/?site=${site}&incident=${encodeURIComponent(incident)}`);
	const details = console.locator(`section.details[data-incident-id="${incident}"]`);
	await details.locator('button[data-action="work-order"]').click();
	const dialog = console.getByTestId('work-order-dialog');
	await expect(dialog.locator('select[name="category"]')).toHaveValue('repair_water');
	await expect(dialog.locator('select[name="priority"]')).toHaveValue('urgent');
	await expect(dialog.getByTestId('work-order-place')).toContainText('T1-1-301');
	await expect(dialog.locator('textarea[name="description"]')).toHaveValue('3 楼走廊天花板渗水');
	await dialog.locator('button[data-action="work-order-submit"]').click();
	await expect(dialog).toBeHidden();
	await expect(details.locator('button[data-action="work-order"]')).toBeFocused();
	const link = details.getByTestId('incident-work-orders').locator('a[data-ticket-id]');
	await expect(link).toHaveCount(1);
	const id = (await link.getAttribute('data-ticket-id'))!;
	await expect(console.getByTestId('ticket-panel').locator(`a[data-ticket-id="${id}"]`)).toBeVisible();

	await link.click();
	await expect(console.getByTestId('ticket-place')).toHaveText('1 号楼 · 1 单元 · 3F · 301');
	await expect(console.getByTestId('ticket-origin')).toHaveAttribute('data-origin', 'incident');
	await console.getByTestId('ticket-origin-link').click();
	await expect(console.locator(`section.details[data-incident-id="${incident}"]`)).toBeVisible();

	// A guard's finding, made into a work order from the findings list.
	const now = new Date(Date.now() + offsetMs).toISOString();
	const finding = await fetch(`${app.baseUrl}/api/sites/${site}/guard/findings`, {
		method: 'POST',
		headers: { origin: app.baseUrl, cookie: guardCookie, 'content-type': 'application/json' },
		body: JSON.stringify({ id: 'e2e-tk-finding-1', at: now, sentAt: now, checkpoint: 'CP-PUMP', category: 'leak', text: '水泵房地面有积水', photo: null })
	});
	expect(finding.status).toBeLessThan(300);
	const item = console.locator('[data-testid="findings"] li[data-finding-id="e2e-tk-finding-1"]');
	await item.locator('button[data-action="finding-work-order"]').click();
	await expect(item).toBeHidden();
	const tickets = (await (await app.api(`/api/tickets?site=${site}&origin=finding:e2e-tk-finding-1`)).json()) as { tickets: Ticket[] };
	expect(tickets.tickets.map((t) => [t.category, t.priority, t.description])).toEqual([['repair_water', 'urgent', '水泵房地面有积水']]);
	await console.context().close();
});

test('the overnight report lists what stayed open since the end of day, oldest first, and prints', async ({ browser }) => {
	const page = await openPage(browser, `/tickets/overnight?site=${site}`);
	const table = page.getByTestId('overnight-table');
	await expect(page.getByTestId('overnight-count')).toHaveAttribute('data-count', /^[1-9]/);
	await expect(table.locator(`tr[data-ticket-id="${site}-T2"]`)).toContainText('地下车库入口有油污');
	await expect(table.locator(`tr[data-ticket-id="${site}-T2"]`)).toContainText('保洁');
	await expect(table.locator(`tr[data-ticket-id="${site}-T2"] td`).nth(4)).toHaveText(/^26:0\d$/);
	await page.screenshot({ path: `${SHOTS}/ticket-overnight-zh-CN.png`, fullPage: true });
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('header.top')).toBeHidden();
	await expect(page.locator('.actions')).toBeHidden();
	await page.context().close();
});

test('screens at a desk and on a phone, in English and Chinese', async ({ browser }) => {
	for (const [locale, viewport, tag] of [
		['en', { width: 1920, height: 1080 }, 'en'],
		['zh-CN', { width: 390, height: 844 }, 'zh-CN-phone']
	] as const) {
		const console = await openPage(browser, `/?site=${site}`, locale, viewport);
		await expect(console.getByTestId('ticket-panel').locator('a[data-ticket-id]').first()).toBeVisible();
		await console.getByTestId('ticket-panel').scrollIntoViewIfNeeded();
		await console.screenshot({ path: `${SHOTS}/console-tickets-${tag}.png` });
		await console.context().close();
		for (const [path, shot] of [
			[`/tickets?site=${site}&status=all`, 'ticket-board'],
			[`/tickets/${site}-T3`, 'ticket-detail'],
			[`/tickets/overnight?site=${site}`, 'ticket-overnight']
		] as const) {
			const page = await openPage(browser, path, locale, viewport);
			await expect(page.locator('h1')).toBeVisible();
			expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth), `${shot} scrolls sideways`).toBe(false);
			await page.screenshot({ path: `${SHOTS}/${shot}-${tag}.png`, fullPage: true });
			await page.context().close();
		}
	}
});
