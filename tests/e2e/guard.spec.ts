import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makeTempDir, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';
import { openConsole } from '../fixtures/console';
import { waitFor } from '../fixtures/ports';
import { importBundle } from '../fixtures/projections-check';
import { writeQrY4m } from '../fixtures/qr-video';
import { startTcpProxy } from '../fixtures/tcp-proxy';
import { formatCheckpointTagUrl } from '../../src/lib/domain/patrol/checkpoint-tag-url';
import type { Round } from '../../src/lib/domain/patrol/round';
import type { SiteBundle } from '../../src/lib/domain/site/model';

// Issue 15's acceptance on the guard's phone, at 390×844 on the production host: the page
// loads once online, reloads from its service worker with the server cut off (the TCP relay:
// Playwright's offline switch does not cover a service worker's traffic), keeps three typed
// scans and one read by Chromium's fake camera, and sends them once each when the server is
// back; an NFC tag through a stand-in NDEFReader; a panic press on a console within 1 s; an
// incident sent to the phone within 1 s, accepted, and reached by a scan near it.
test.describe.configure({ mode: 'serial' });

let app: RunningApp;
let relay: Awaited<ReturnType<typeof startTcpProxy>>;
let cameraBrowser: Browser;
let otherTagBrowser: Browser;
const site = uniqueId('e2e-guard');
const PASSWORD = 'guard-e2e-password-1';
const SHOTS = 'test-results/screenshots';
const MIN = 60_000;
const PHONE = { width: 390, height: 844 };
const names = (zhCN: string, zhTW: string, en: string) => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });
const CHECKPOINTS: [string, ReturnType<typeof names>, number][] = [
	['A', names('南门岗亭', '南門崗亭', 'South gatehouse'), 120.15],
	['B', names('3 号楼大堂', '3 號樓大堂', 'Tower 3 lobby'), 120.151],
	['C', names('地库 B1 水泵房', '地庫 B1 水泵房', 'Garage B1 pump room'), 120.152],
	['D', names('北门', '北門', 'North gate'), 120.153],
	['E', names('儿童乐园', '兒童樂園', 'Playground'), 120.154]
];
const square = (x: number, y: number, d: number) => [[[x, y], [x + d * 2, y], [x + d * 2, y + d], [x, y + d], [x, y]]];
const bundle = {
	site: { id: site, name: names('滨江苑', '濱江苑', 'Binjiang Court'), address: names('滨江路 1 号', '濱江路 1 號', '1 Binjiang Road'), timeZone: 'Asia/Shanghai', center: [120.152, 30.28] },
	devices: [{ id: 'FAP-1', kind: 'fire_panel', name: names('消防主机', '消防主機', 'Fire panel') }],
	guards: [
		{ id: 'G1', name: names('王建国', '王建國', 'Wang Jianguo') },
		{ id: 'G2', name: names('李娜', '李娜', 'Li Na') }
	],
	plan: {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.1495, 30.2795, 0.0025) }, properties: { kind: 'boundary', id: 'b', name: names('边界', '邊界', 'Boundary') } },
			...CHECKPOINTS.map(([id, name, lng]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [lng, 30.28] }, properties: { kind: 'checkpoint', id, name } })),
			{
				type: 'Feature',
				geometry: { type: 'Point', coordinates: [120.152, 30.2801] },
				properties: { kind: 'alarm_point', id: 'L1', device: 'FAP-1', type: 'smoke', zone: 'B1', name: names('水泵房烟感', '水泵房煙感', 'Pump room smoke detector') }
			}
		]
	}
} as unknown as SiteBundle;

const json = (method: string, body: unknown): RequestInit => ({ method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** A browser whose camera sees a QR code of `text` (Chromium's fake capture device playing a Y4M file). */
async function launchWithCamera(text: string): Promise<Browser> {
	const video = path.join(await makeTempDir('guard-qr-'), 'tag.y4m');
	await writeQrY4m(video, text);
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: [...chromiumArgs, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-video-capture=${video}`]
	});
}

interface Phone {
	context: BrowserContext;
	page: Page;
}

/** The guard's phone in `locale`, signed in, on the guard page through the relay, its service worker in charge. */
async function openPhone(browser: Browser, locale: string, init?: () => void): Promise<Phone> {
	const cookie = await signInCookie(app.baseUrl, 'guard-g1', PASSWORD);
	const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, permissions: ['camera'] });
	const [name, value] = cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: relay.url },
		{ name, value, url: relay.url }
	]);
	if (init) await context.addInitScript(init);
	const page = await context.newPage();
	await page.goto(`${relay.url}/guard`);
	await expect(page.locator('[data-testid="guard-page"]')).toHaveAttribute('data-ready', 'true');
	// The worker took the page over and kept it: a reload without network now works.
	await expect
		.poll(() => page.evaluate(async () => navigator.serviceWorker.controller !== null && (await caches.match('/guard')) !== undefined), { timeout: 30_000 })
		.toBe(true);
	return { context, page };
}

const view = (page: Page, name: string) => page.locator(`nav button[data-view="${name}"]`).click();

async function typeCode(page: Page, code: string) {
	await page.locator('#typed-code').fill(code);
	await page.locator('form.typed button[type="submit"]').click();
}

/** The phone's scans as stored: by the phone's item id. */
const storedScans = () =>
	app.sql<{ source_event_id: string; at: Date; data: { checkpoint: string; method: string; guard: string } }[]>`
		select source_event_id, at, data from event where stream = ${site} and type = 'CheckpointScanned' and source_kind = 'user' order by seq`;

let zh: Phone;
let en: Phone;
let roundId = '';

test.beforeAll(async () => {
	app = await startApp();
	await importBundle(app.sql, bundle);
	const route = { name: names('夜间巡更', '夜間巡更', 'Night round'), mode: 'any_order', silenceMinutes: 30, stops: ['A', 'B', 'C', 'D'].map((checkpoint, n) => ({ checkpoint, legMinutes: n === 0 ? 0 : 5, toleranceMinutes: 10 })) };
	expect((await app.api(`/api/sites/${site}/routes/R1`, json('PUT', route))).status).toBe(200);
	const start = new Date(Math.ceil((Date.now() + MIN) / MIN) * MIN);
	expect((await app.api(`/api/sites/${site}/schedules/S1`, json('PUT', { route: 'R1', rule: { kind: 'once', at: start.toISOString() }, guard: 'G1' }))).status).toBe(200);
	roundId = `S1@${start.toISOString()}`;
	const made = await app.api('/api/users', json('POST', { username: 'guard-g1', displayName: '王建国', role: 'guard', password: PASSWORD, sites: [site], guard: { site, guard: 'G1' } }));
	expect(made.status).toBe(201);
	relay = await startTcpProxy({ port: app.port });
	cameraBrowser = await launchWithCamera(formatCheckpointTagUrl('https://tags.example', site, 'D'));
	otherTagBrowser = await launchWithCamera(formatCheckpointTagUrl('https://tags.example', 'another-estate', 'A'));
	await waitFor(async () => ((await app.sql`select 1 from patrol_round where id = ${roundId}`).length ? true : undefined), 20_000, 'the round planned');
});

test.afterAll(async () => {
	await zh?.context.close();
	await en?.context.close();
	await cameraBrowser?.close();
	await otherTagBrowser?.close();
	await relay?.close();
	await app?.dispose();
});

test('offline: the page reloads from its service worker, keeps three typed scans and one by camera, and sends each once when the server is back', async () => {
	test.setTimeout(240_000);
	zh = await openPhone(cameraBrowser, 'zh-CN');
	en = await openPhone(cameraBrowser, 'en');
	const round = zh.page.locator(`[data-testid="round"][data-round="${roundId}"]`);
	await expect(round).toContainText('夜间巡更');
	await expect(round.locator('li[data-state="pending"]')).toHaveCount(4);
	await expect(zh.page.locator('[data-connection]')).toHaveAttribute('data-connection', 'live');

	relay.cut();
	try {
		await zh.page.reload();
		await expect(zh.page.locator('[data-testid="guard-page"]')).toHaveAttribute('data-ready', 'true');
		await expect(round).toBeVisible();
		await expect(zh.page.locator('[data-connection]')).toHaveAttribute('data-connection', 'offline');

		await view(zh.page, 'scan');
		for (const code of ['A', 'B', 'C']) {
			await typeCode(zh.page, code);
			await expect(zh.page.locator('[data-testid="scan-notice"]')).toContainText(`已记录巡更点 ${code}`);
		}
		await zh.page.locator('[data-testid="camera-start"]').click();
		await expect(zh.page.locator('[data-testid="scan-notice"]')).toContainText('已记录巡更点 D', { timeout: 20_000 });
		await expect(zh.page.locator('[data-testid="outbox-count"]')).toHaveAttribute('data-waiting', '4');

		await view(zh.page, 'round');
		await expect(round.locator('li[data-state="waiting"]')).toHaveCount(4);
		await zh.page.screenshot({ path: `${SHOTS}/guard-round-offline-zh-CN.png` });
		await view(zh.page, 'outbox');
		const items = zh.page.locator('[data-testid="outbox-item"]');
		await expect(items).toHaveCount(4);
		await zh.page.screenshot({ path: `${SHOTS}/guard-outbox-zh-CN.png` });
		const made = await items.evaluateAll((li) => li.map((l) => ({ id: l.dataset.item!, at: l.dataset.at!, kind: l.dataset.kind! })));
		expect(made.every((i) => i.kind === 'scan')).toBe(true);

		// The English phone, cut off too, keeps a finding and a scan off the round.
		await en.page.reload();
		await expect(en.page.locator('[data-testid="guard-page"]')).toHaveAttribute('data-ready', 'true');
		await view(en.page, 'report');
		await en.page.locator('label.chip').filter({ hasText: 'Lighting' }).click();
		await en.page.locator('#finding-text').fill('Stairwell light out on B1');
		await en.page.locator('[data-testid="finding-form"] button[type="submit"]').click();
		await view(en.page, 'scan');
		await typeCode(en.page, 'E');
		await view(en.page, 'outbox');
		await expect(en.page.locator('[data-testid="outbox-item"]')).toHaveCount(2);
		await en.page.screenshot({ path: `${SHOTS}/guard-outbox-en.png` });
		await en.context.close();

		// Nothing reached the server meanwhile.
		expect(await storedScans()).toHaveLength(0);

		relay.restore();
		await expect(zh.page.locator('[data-testid="outbox-count"]')).toHaveAttribute('data-waiting', '0', { timeout: 90_000 });
		const stored = await storedScans();
		expect(stored.map((s) => s.source_event_id).sort()).toEqual(made.map((i) => i.id).sort());
		for (const s of stored) {
			const mine = made.find((i) => i.id === s.source_event_id)!;
			expect(s.at.toISOString()).toBe(mine.at);
			expect(s.data.guard).toBe('G1');
		}
		expect(stored.map((s) => [s.data.checkpoint, s.data.method])).toEqual([
			['A', 'manual'],
			['B', 'manual'],
			['C', 'manual'],
			['D', 'qr']
		]);
		// In the round, with the phone's times.
		const [{ state }] = await app.sql<{ state: Round }[]>`select state from patrol_round where site = ${site} and id = ${roundId}`;
		expect(state.guard).toBe('G1');
		expect(state.checkpoints.map((c) => [c.checkpoint, c.state, c.scannedAt])).toEqual(
			['A', 'B', 'C', 'D'].map((cp, n) => [cp, 'on_time', made[n].at])
		);
		await view(zh.page, 'round');
		await expect(round.locator('li[data-state="on_time"]')).toHaveCount(4, { timeout: 10_000 });
	} finally {
		relay.restore();
	}
});
