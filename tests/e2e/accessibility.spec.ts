import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';
import { fireProcedure, publishProcedure } from '../fixtures/procedures';
import { createUser } from '../fixtures/users';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';

// Every page at a control-room desk (1920×1080) and on a guard's phone (390×844): no serious or
// critical WCAG 2.1 AA violation that axe-core finds, no sideways scrolling on the phone, and a
// header whose items keep their text on one line inside the window. The site has a scan, a round
// under way on a route, and an open alarm of each severity, so the console shows its queue, its
// details (of the fire alarm), the patrol panel and the feed.
test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

const SHOTS = 'test-results/screenshots';
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const VIEWPORTS = [
	{ name: 'wide', width: 1920, height: 1080 },
	{ name: 'narrow', width: 390, height: 844 }
] as const;

let app: RunningApp;
const site = uniqueId('a11y');
let drillId = '';
let ticketId = '';

test.beforeAll(async () => {
	app = await startApp();
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	const imported = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeBundleFiles(bundle)) });
	expect(imported.status).toBe(201);
	const put = (path: string, body: unknown) =>
		app.api(`/api/sites/${site}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const stops = ['CP-G1', 'CP-GARDEN', 'CP-G2'].map((checkpoint, n) => ({ checkpoint, legMinutes: n ? 10 : 0, toleranceMinutes: 5 }));
	const name = { 'zh-CN': '夜间外围巡更', 'zh-TW': '夜間外圍巡邏', en: 'Night perimeter' };
	expect((await put('routes/R-NIGHT', { name, mode: 'strict', silenceMinutes: 120, stops })).status).toBe(200);
	// A round that started a minute ago, so the console's patrol panel has one under way.
	const start = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 60_000).toISOString();
	expect((await put('schedules/S-NIGHT', { route: 'R-NIGHT', rule: { kind: 'once', at: start }, guard: 'G-001' })).status).toBe(200);

	// Two versions of the fire procedure: the procedures pages show a step list and a history.
	await publishProcedure(app, fireProcedure('a11y-1'));
	await publishProcedure(app, fireProcedure('a11y-2'));

	const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-01', 'guard_handheld'));
	const panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await handheld.publish('scans', scanBody('a11y-scan-1', { guard: 'G-001', checkpoint: 'CP-G1' }));
		expect((await handheld.receiptFor('a11y-scan-1')).status).toBe('stored');
		// One open incident of each severity: each has its own colours in the queue, the feed and the wall.
		const alarms = [
			alarmBody('a11y-fire', { type: 'fire', severity: 'critical', point: 'loop1/det-1' }),
			alarmBody('a11y-leak', { type: 'water_leak', severity: 'major', point: 'loop1/det-2' }),
			alarmBody('a11y-door', { type: 'door_held', severity: 'minor', point: 'loop1/det-3' }),
			alarmBody('a11y-fault', { type: 'equipment_fault', severity: 'warning', point: 'loop1/det-4' })
		];
		for (const a of alarms) await panel.publish('alarms', a);
		for (const a of alarms) expect((await panel.receiptFor(a.id)).status).toBe('stored');
	} finally {
		await Promise.all([handheld.close(), panel.close()]);
	}
	// A drill, for its report page.
	const drill = await app.api('/api/drills', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site, procedure: 'gas', device: 'FAP-1', point: 'loop3/gas-301', severity: 'minor' }) });
	expect(drill.status).toBe(201);
	drillId = ((await drill.json()) as { incident: { id: string } }).incident.id;

	// A duty shift handed over (S1, its record printed below) and the next on duty with one operator, so the console warns.
	const crew: Record<string, { id: string; cookie: string }> = {};
	for (const [who, role, displayName] of [['op1', 'operator', '李明'], ['op2', 'operator', '吴芳'], ['mgr', 'manager', '王经理']] as const) {
		const user = await createUser(app.sql, { username: `${who}-${site}`, displayName, role, password: 'a long enough password 1', sites: [site] });
		crew[who] = { id: user.id, cookie: await signInCookie(app.baseUrl, `${who}-${site}`, 'a long enough password 1') };
	}
	const shift = async (who: string, path: string, body: unknown = {}) => {
		const r = await fetch(`${app.baseUrl}/api/shifts${path}`, { method: 'POST', headers: { origin: app.baseUrl, cookie: crew[who].cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect(r.status, `${path}: ${await r.clone().text()}`).toBeLessThan(300);
	};
	await shift('op1', '', { managerOnDuty: crew.mgr.id });
	await shift('op2', '/S1/join');
	await shift('op1', '/S1/log', { kind: 'call', text: '业主来电：3栋1单元有烟味，已派保安查看' });
	await shift('op2', '/S1/log', { kind: 'equipment_check', text: '消防主机自检正常' });
	await shift('op1', '/S1/handover', { next: { operators: [crew.op2.id], managerOnDuty: crew.mgr.id }, notes: '燃气公司明早复查' });
	await shift('op1', '/S1/handover/sign', { side: 'outgoing' });
	await shift('op2', '/S1/handover/sign', { side: 'incoming' });
	// A resident, for the residents page's list.
	const [room] = await app.sql<{ id: string }[]>`select id from place where site = ${site} and kind = 'room' order by id limit 1`;
	const resident = await fetch(`${app.baseUrl}/api/sites/${site}/residents`, {
		method: 'POST',
		headers: { origin: app.baseUrl, cookie: crew.op1.cookie, 'content-type': 'application/json' },
		body: JSON.stringify({ unit: room.id, name: '欧阳娜娜', phone: '13812345678', note: '晚上六点后方便接听' })
	});
	expect(resident.status).toBe(201);

	// Work orders: engineering with a member, and a plumbing repair assigned to them, at a room of the tree.
	const organisation = {
		departments: [{ id: 'eng', kind: 'engineering', name: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' }, supervisor: crew.mgr.id, members: [crew.op1.id] }],
		manager: crew.mgr.id,
		serviceCentre: [],
		stewards: [],
		workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
		endOfDay: '18:00'
	};
	const org = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 0, organisation }) });
	expect(org.status, await org.clone().text()).toBe(200);
	const [building] = (await (await app.api(`/api/sites/${site}/places`)).json()).places as { id: string }[];
	const ticket = await app.api('/api/tickets', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ site, origin: 'hotline', category: 'repair_water', priority: 'urgent', description: '厨房水槽下水管漏水', place: building.id, assignee: crew.op1.id })
	});
	expect(ticket.status, await ticket.clone().text()).toBe(201);
	ticketId = ((await ticket.json()) as { ticket: { id: string } }).ticket.id;

	// A notification channel: a Feishu robot through a relay (not Feishu's address: the form warns), taking escalations at the site.
	const channel = await app.api('/api/notification-channels', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: '工程部群机器人', kinds: ['ticket_escalated', 'incident_escalated'], sites: [site], config: { kind: 'feishu', url: 'http://127.0.0.1:9/relay/feishu', secret: 'feishu-secret-1', locale: 'zh-CN' } })
	});
	expect(channel.status, await channel.clone().text()).toBe(201);
});
test.afterAll(async () => {
	await app?.dispose();
});

interface PageCase {
	name: string;
	path: string;
	signedIn: boolean;
	/** Waits until the page shows what it is checked with. */
	ready(page: Page): Promise<void>;
	/** A modal dialog is open: the page behind it, the header's menu included, is inert. */
	modal?: boolean;
}

const live = async (page: Page) => {
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
};
const heading = (page: Page) => expect(page.locator('h1').first()).toBeVisible();

const PAGES: PageCase[] = [
	{
		name: 'console',
		path: `/?site=${site}`,
		signedIn: true,
		async ready(page) {
			await live(page);
			await expect(page.locator('.leaflet-container')).toBeVisible();
			// (The round may have added a patrol incident by now.)
			for (const severity of ['critical', 'major', 'minor', 'warning']) await expect(page.locator(`.queue button.sev-${severity}`).first()).toBeVisible();
			// The fire alarm picked, so its details and nearest guards are checked too.
			await page.locator('.queue button.sev-critical').first().click();
			await expect(page.locator('section.nearest')).toBeVisible();
			await expect(page.locator('section.patrol [data-round-id]').first()).toBeVisible();
			await expect(page.getByTestId('understaffed')).toBeVisible();
		}
	},
	// The console's dialogs, open: "Open incident" with a room picked from the place tree, "Start drill" on an alarm point.
	{
		name: 'console-open-incident',
		path: `/?site=${site}`,
		signedIn: true,
		modal: true,
		async ready(page) {
			await live(page);
			await page.locator('button[data-action="open-incident"]').click();
			const dialog = page.getByTestId('open-incident-dialog');
			await expect(dialog).toBeVisible();
			for (const level of ['building', 'unit', 'floor', 'room']) {
				const select = dialog.locator(`select[data-place-level="${level}"]`);
				await expect(select.locator('option').nth(1)).toBeAttached();
				// The top floor: an underground one has no rooms.
				await select.selectOption({ index: level === 'floor' ? (await select.locator('option').count()) - 1 : 1 });
			}
		}
	},
	{
		name: 'console-start-drill',
		path: `/?site=${site}`,
		signedIn: true,
		modal: true,
		async ready(page) {
			await live(page);
			await page.locator('button[data-action="start-drill"]').click();
			await expect(page.getByTestId('start-drill-dialog').locator('select[name="point"] option').first()).toBeAttached();
		}
	},
	{ name: 'wall', path: '/wall', signedIn: true, ready: async (page) => (await live(page), await expect(page.locator('[data-site]')).toHaveCount(1)) },
	{ name: 'login', path: '/login', signedIn: false, ready: heading },
	{ name: 'admin-users', path: '/admin/users', signedIn: true, ready: heading },
	{ name: 'admin-devices', path: `/admin/devices?site=${site}`, signedIn: true, ready: heading },
	{ name: 'admin-sites', path: '/admin/sites', signedIn: true, ready: heading },
	{ name: 'admin-patrol', path: `/admin/patrol?site=${site}`, signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('.route-stop-marker').first()).toBeVisible()) },
	{ name: 'admin-audit', path: '/admin/audit', signedIn: true, ready: heading },
	{ name: 'residents', path: `/residents?site=${site}`, signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('[data-resident-id]')).toHaveCount(1)) },
	{
		name: 'admin-organisation',
		path: `/admin/organisation?site=${site}`,
		signedIn: true,
		// A department and a steward added, and a save refused: the problems marked on their fields.
		async ready(page) {
			await heading(page);
			await page.locator('button[data-action="add-department"]').click();
			await page.locator('button[data-action="add-steward"]').click();
			await page.locator('button[data-action="save-organisation"]').click();
			await expect(page.getByTestId('organisation-problems')).toBeVisible();
			await expect(page.locator('#org-stewards-0-user-problem')).toBeVisible();
		}
	},
	{
		name: 'drill-report',
		get path() {
			return `/drills/${encodeURIComponent(drillId)}`;
		},
		signedIn: true,
		ready: async (page) => (await heading(page), await expect(page.locator('[data-testid="drill-report"] tr[data-step]').first()).toBeVisible())
	},
	{ name: 'admin-procedures', path: '/admin/procedures', signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('tr[data-procedure="fire"]')).toBeVisible()) },
	{ name: 'admin-procedure', path: '/admin/procedures/fire', signedIn: true, ready: async (page) => (await heading(page), await expect(page.getByTestId('procedure-editor')).toBeVisible()) },
	{
		name: 'admin-procedure-problems',
		path: '/admin/procedures/fire?version=1',
		signedIn: true,
		// An earlier version shown, and a save refused: the problems listed and marked on their fields.
		async ready(page) {
			await heading(page);
			await page.locator('input[name="steps.1.title.en"]').fill('');
			await page.locator('select[name="steps.0.kind"]').selectOption('call');
			await page.locator('button[data-action="save-procedure"]').click();
			await expect(page.getByTestId('procedure-problems')).toBeVisible();
		}
	},
	{ name: 'ticket-board', path: `/tickets?site=${site}`, signedIn: true, ready: async (page) => (await live(page), await expect(page.locator('[data-testid="ticket-board"] [data-ticket-id]').first()).toBeVisible()) },
	{
		name: 'ticket-board-new',
		path: `/tickets?site=${site}`,
		signedIn: true,
		modal: true,
		async ready(page) {
			await live(page);
			await page.locator('button[data-action="new-ticket"]').click();
			await expect(page.getByTestId('new-ticket-dialog').locator('select[data-place-level="building"] option').nth(1)).toBeAttached();
		}
	},
	{
		name: 'ticket',
		get path() {
			return `/tickets/${ticketId}`;
		},
		signedIn: true,
		ready: async (page) => (await live(page), await expect(page.getByTestId('ticket-actions')).toBeVisible())
	},
	{ name: 'ticket-overnight', path: `/tickets/overnight?site=${site}`, signedIn: true, ready: heading },
	{ name: 'admin-notifications', path: '/admin/notifications', signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('article[data-channel-id]')).toHaveCount(1)) },
	{
		name: 'admin-notifications-edit',
		path: '/admin/notifications',
		signedIn: true,
		modal: true,
		// The robot's settings open: its hidden secret, the warning about its address, the kinds and sites it takes.
		async ready(page) {
			await heading(page);
			await page.locator('button[data-action="channel-edit"]').click();
			await expect(page.getByTestId('channel-dialog').getByTestId('robot-url-warning')).toBeVisible();
		}
	},
	{ name: 'settings-notifications', path: '/settings/notifications', signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('li.rule')).toHaveCount(8)) },
	{ name: 'shift-record', path: '/shifts/S1/print', signedIn: true, ready: async (page) => (await heading(page), await expect(page.locator('[data-side=incoming][data-signed=yes]')).toBeVisible()) },
	{ name: 'error', path: '/no-such-page', signedIn: true, ready: heading }
];

/** A fresh context at `viewport`, in Simplified Chinese, signed in as the admin or not. Still: a flashing tile is checked in one state. */
async function openPage(browser: Browser, target: RunningApp, c: Pick<PageCase, 'path' | 'signedIn' | 'ready'>, viewport: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
	const cookies = [{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: target.baseUrl }];
	if (c.signedIn) {
		const [name, value] = target.cookie.split('=');
		cookies.push({ name, value, url: target.baseUrl });
	}
	await context.addCookies(cookies);
	const page = await context.newPage();
	await page.goto(`${target.baseUrl}${c.path}`);
	await c.ready(page);
	return page;
}

/** Serious and critical violations of WCAG 2.1 A and AA, one readable paragraph each. */
async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
	return violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => {
			const nodes = v.nodes.map((n) => `    ${n.target.join(' ')}\n      ${(n.failureSummary ?? '').replace(/\n\s*/g, '; ')}`);
			return `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}\n${nodes.join('\n')}`;
		});
}

/**
 * Header items the window squeezes: a visible text in the header that breaks onto a second line
 * (a word wrapped into a column of characters) or reaches outside the window.
 */
const squeezedHeaderItems = (page: Page) =>
	page.evaluate(() => {
		const header = document.querySelector('header');
		if (!header) return ['no <header>'];
		const bad: string[] = [];
		const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const text = node.textContent?.trim();
			if (!text) continue;
			const range = document.createRange();
			range.selectNodeContents(node);
			const rects = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
			if (!rects.length) continue; // hidden (a closed menu)
			const tops = new Set(rects.map((r) => Math.round(r.top)));
			if (tops.size > 1) bad.push(`"${text}" takes ${tops.size} lines`);
			const left = Math.min(...rects.map((r) => r.left));
			const right = Math.max(...rects.map((r) => r.right));
			if (left < 0 || right > window.innerWidth + 0.5) bad.push(`"${text}" lies outside the window (${Math.round(left)}–${Math.round(right)} px)`);
		}
		// Form controls show their value, not a text node.
		for (const el of header.querySelectorAll<HTMLElement>('select, button, input')) {
			const box = el.getBoundingClientRect();
			if (!box.width) continue;
			if (el.scrollWidth > el.clientWidth + 1) bad.push(`<${el.localName}> is narrower than its content`);
			if (box.left < 0 || box.right > window.innerWidth + 0.5) bad.push(`<${el.localName}> lies outside the window`);
		}
		return bad;
	});

const scrollsSideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

/**
 * Scrolls every box that scrolls inside the page (the console's columns, a table on a phone) to
 * its far end, and says how many there were: axe leaves what such a box hides unchecked.
 */
const scrollInnerBoxesToEnd = (page: Page) =>
	page.evaluate(() => {
		let boxes = 0;
		for (const el of document.querySelectorAll<HTMLElement>('body *')) {
			const style = getComputedStyle(el);
			const x = /auto|scroll/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1;
			const y = /auto|scroll/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1;
			if (!x && !y) continue;
			el.scrollTo({ left: el.scrollWidth, top: el.scrollHeight, behavior: 'instant' });
			boxes++;
		}
		return boxes;
	});

/** All three checks on the page as it is now; `what` names it in the messages. */
async function checkPage(page: Page, what: string, narrow: boolean) {
	const violations = await seriousViolations(page);
	// Again with the inner boxes scrolled to their ends, for what they hid the first time.
	if (await scrollInnerBoxesToEnd(page)) violations.push(...(await seriousViolations(page)).filter((v) => !violations.includes(v)));
	expect(violations, `axe: serious or critical WCAG 2.1 AA violations on ${what}`).toEqual([]);
	expect(await squeezedHeaderItems(page), `squeezed header items on ${what}`).toEqual([]);
	if (narrow) expect(await scrollsSideways(page), `${what} scrolls sideways`).toBe(false);
}

for (const viewport of VIEWPORTS) {
	for (const c of PAGES) {
		test(`${c.name} at ${viewport.width}×${viewport.height}: no serious axe violation, no sideways scroll, an unsqueezed header`, async ({ browser }) => {
			const page = await openPage(browser, app, c, viewport);
			const narrow = viewport.name === 'narrow';
			if (narrow) {
				await page.evaluate(() => window.scrollTo(0, 0));
				await page.screenshot({ path: `${SHOTS}/narrow-${c.name}.png` });
			}
			await checkPage(page, c.name, narrow);
			// On a phone the signed-in header folds its links into a menu: open, it is checked too.
			const toggle = page.locator('header [aria-controls][aria-expanded]');
			if (c.signedIn && narrow && !c.modal) {
				await expect(toggle).toBeVisible();
				await toggle.click();
				await expect(toggle).toHaveAttribute('aria-expanded', 'true');
				await expect(page.locator('header nav a').first()).toBeVisible();
				if (c.name === 'console') await page.screenshot({ path: `${SHOTS}/narrow-menu.png` });
				await checkPage(page, `${c.name} with the menu open`, narrow);
			}
			await page.context().close();
		});
	}
}

test.describe('first run', () => {
	let fresh: RunningApp;
	test.beforeAll(async () => {
		fresh = await startApp({ firstRun: true });
	});
	test.afterAll(async () => {
		await fresh?.dispose();
	});
	for (const viewport of VIEWPORTS) {
		test(`setup at ${viewport.width}×${viewport.height}: no serious axe violation, no sideways scroll, an unsqueezed header`, async ({ browser }) => {
			const page = await openPage(browser, fresh, { path: '/setup', signedIn: false, ready: heading }, viewport);
			const narrow = viewport.name === 'narrow';
			if (narrow) await page.screenshot({ path: `${SHOTS}/narrow-setup.png` });
			await checkPage(page, 'setup', narrow);
			await page.context().close();
		});
	}
});
