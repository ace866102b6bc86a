import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { makeTempDir, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice } from '../fixtures/clients';
import { openConsole } from '../fixtures/console';
import { makePng } from '../fixtures/photos';
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
	await expect(zh.page.locator('[data-testid="time-left"]')).toContainText('剩余');
	await zh.page.screenshot({ path: `${SHOTS}/guard-round-zh-CN.png` });
	await expect(en.page.locator('[data-testid="round"]')).toContainText('Night round');
	await en.page.screenshot({ path: `${SHOTS}/guard-round-en.png` });

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

test('an NFC tag read through a stand-in NDEFReader is a scan by NFC', async () => {
	// Web NFC exists only on Android Chrome: a stand-in with its shape, whose tags the test holds up.
	const nfc = await openPhone(cameraBrowser, 'zh-CN', () => {
		class StandInReader extends EventTarget {
			async scan() {
				(window as unknown as { __tag: (url: string) => void }).__tag = (url: string) => {
					const event = new Event('reading') as Event & { message: unknown };
					event.message = { records: [{ recordType: 'url', data: new DataView(new TextEncoder().encode(url).buffer) }] };
					this.dispatchEvent(event);
				};
			}
		}
		Object.defineProperty(window, 'NDEFReader', { value: StandInReader });
	});
	try {
		await view(nfc.page, 'scan');
		await nfc.page.locator('[data-testid="nfc-start"]').click();
		await nfc.page.waitForFunction(() => '__tag' in window);
		await nfc.page.evaluate((url) => (window as unknown as { __tag: (u: string) => void }).__tag(url), formatCheckpointTagUrl('https://tags.example', site, 'E'));
		await expect(nfc.page.locator('[data-testid="scan-notice"]')).toContainText('已记录巡更点 E');
		await expect.poll(async () => (await storedScans()).filter((s) => s.data.method === 'nfc').map((s) => s.data.checkpoint), { timeout: 10_000 }).toEqual(['E']);
		await expect(nfc.page.locator('[data-testid="outbox-count"]')).toHaveAttribute('data-waiting', '0');
		// Another site's tag is refused on the phone.
		await nfc.page.evaluate((url) => (window as unknown as { __tag: (u: string) => void }).__tag(url), formatCheckpointTagUrl('https://tags.example', 'another-estate', 'E'));
		await expect(nfc.page.locator('[data-testid="scan-notice"]')).toContainText('此标签属于其他小区');
	} finally {
		await nfc.context.close();
	}
});

test('a finding with a photo from the camera is shrunk on the phone, sent photo first, and stored', async () => {
	await view(zh.page, 'round');
	await zh.page.locator('[data-testid="round"] li[data-checkpoint="B"] button').click();
	const form = zh.page.locator('[data-testid="finding-form"]');
	await expect(form.locator('#finding-checkpoint')).toHaveValue('B');
	await form.locator('label.chip').filter({ hasText: '漏水' }).click();
	await form.locator('#finding-text').fill('3 号楼大堂天花板渗水');
	// A camera's picture: larger than the phone sends.
	await form.locator('input[type="file"]').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: makePng(2400, 1800, 200) });
	await expect(form.locator('img')).toBeVisible();
	await form.locator('button[type="submit"]').click();
	const [finding] = await waitFor(
		async () => {
			const rows = await app.sql<{ data: { checkpoint: string; category: string; text: string; photo: string } }[]>`
				select data from event where stream = ${site} and type = 'FindingReported'`;
			return rows.length ? rows : undefined;
		},
		10_000,
		'the finding stored'
	);
	expect(finding.data).toMatchObject({ checkpoint: 'B', category: 'leak', text: '3 号楼大堂天花板渗水' });
	expect(finding.data.photo).toMatch(/^[0-9a-f]{64}$/);
	const photo = await fetch(`${app.baseUrl}/api/sites/${site}/photos/${finding.data.photo}`, { headers: { cookie: app.cookie } });
	expect(photo.status).toBe(200);
	expect(photo.headers.get('content-type')).toBe('image/jpeg');
	const bytes = Buffer.from(await photo.arrayBuffer());
	// JPEG, 1600 px on its longer side.
	expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
	const size = await zh.page.evaluate(async (url) => {
		const image = await createImageBitmap(await (await fetch(url)).blob());
		return [image.width, image.height];
	}, `/api/sites/${site}/photos/${finding.data.photo}`);
	expect(size).toEqual([1600, 1200]);
});

/** When an element matching `selector` first shows on the page, by the page's clock (ms since the epoch). */
async function watchFor(page: Page, selector: string, key: string) {
	await page.evaluate(
		({ selector, key }) => {
			const w = window as unknown as Record<string, number>;
			const look = () => {
				if (!w[key] && document.querySelector(selector)) w[key] = Date.now();
			};
			new MutationObserver(look).observe(document.body, { childList: true, subtree: true, attributes: true });
			look();
		},
		{ selector, key }
	);
	return async () => {
		await page.waitForFunction((key) => (window as unknown as Record<string, number>)[key] > 0, key, { timeout: 15_000 });
		return page.evaluate((key) => (window as unknown as Record<string, number>)[key], key);
	};
}

test('a panic press held for two seconds raises a critical incident on a console within 1 s, and the phone shows it stored', async ({ browser }) => {
	const { page: console_ } = await openConsole(browser, app, 'zh-CN');
	try {
		await expect(console_.locator(`[data-site="${site}"]`).first()).toBeVisible();
		const seenOnConsole = await watchFor(console_, '.queue button[data-status="new"]', '__panicShown');
		await view(zh.page, 'round');
		const panic = zh.page.locator('[data-testid="panic"]');
		// Let go too soon: nothing is sent.
		await panic.hover();
		await zh.page.mouse.down();
		await expect(panic).toContainText('继续按住');
		await zh.page.mouse.up();
		await expect(panic).toContainText('按住 紧急求助');
		expect(await app.sql`select 1 from incident where site = ${site} and kind = 'panic'`).toHaveLength(0);

		await zh.page.mouse.down();
		const status = zh.page.locator('[data-testid="panic-status"]');
		await expect(status).toHaveAttribute('data-state', /sending|stored/, { timeout: 5000 });
		await zh.page.mouse.up();
		await expect(status).toHaveAttribute('data-state', 'stored');
		const [incident] = await app.sql<{ id: string; severity: string; alarm_type: string }[]>`
			select id, state->>'severity' as severity, state->>'alarmType' as alarm_type from incident where site = ${site} and kind = 'panic'`;
		expect(incident).toMatchObject({ severity: 'critical', alarm_type: 'panic' });
		await expect(status).toContainText(`#${incident.id.split(':').at(-1)}`);
		const [raised] = await app.sql<{ received_at: Date }[]>`select received_at from event where stream = ${site} and type = 'AlarmRaised' and data->>'type' = 'panic'`;
		const shownAt = await seenOnConsole();
		expect(shownAt - raised.received_at.getTime()).toBeLessThan(1000);
		await expect(console_.locator(`.queue button[data-incident-id="${incident.id}"]`)).toBeVisible();
	} finally {
		await console_.context().close();
	}
});

test('an incident sent to the phone appears within 1 s, rings, is accepted, and the scan of a checkpoint near it marks the guard on scene', async () => {
	const panel = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		await panel.publish('alarms', alarmBody('guard-smoke-1', { point: 'L1', type: 'smoke', severity: 'major', zone: 'B1', text: '水泵房烟感报警' }));
		const id = await waitFor(
			async () => (await app.sql<{ id: string }[]>`select id from incident where site = ${site} and device = 'FAP-1' and status = 'new'`)[0]?.id,
			15_000,
			'the smoke incident'
		);
		await view(zh.page, 'round');
		const card = zh.page.locator(`[data-testid="dispatch"][data-incident="${id}"]`);
		const shown = await watchFor(zh.page, `[data-testid="dispatch"][data-incident="${id}"]`, '__dispatchShown');
		const sent = await app.api(`/api/incidents/${id}/dispatch`, json('POST', { guard: 'G1' }));
		expect(sent.status).toBe(200);
		const [stored] = await app.sql<{ received_at: Date }[]>`select received_at from event where stream = ${site} and type = 'IncidentDispatched' order by seq desc limit 1`;
		expect((await shown()) - stored.received_at.getTime()).toBeLessThan(1000);
		await expect(card).toContainText('烟感');
		await expect(card.locator('[data-testid="dispatch-place"]')).toHaveText('水泵房烟感');
		await expect(card.locator('[data-testid="dispatch-map"] .leaflet-interactive').first()).toBeVisible();
		// The smoke procedure's steps, as the control room works them.
		await expect(card.locator('[data-testid="dispatch-steps"] li').first()).toBeVisible();
		await expect(card.locator('[data-testid="dispatch-steps"] li[data-state="open"]').first()).toBeVisible();
		await zh.page.screenshot({ path: `${SHOTS}/guard-dispatch-zh-CN.png` });

		en = await openPhone(cameraBrowser, 'en');
		const enCard = en.page.locator(`[data-testid="dispatch"][data-incident="${id}"]`);
		await expect(enCard).toContainText('Pump room smoke detector');
		await en.page.screenshot({ path: `${SHOTS}/guard-dispatch-en.png` });

		await card.locator('[data-testid="dispatch-accept"]').click();
		await expect(card.locator('[data-testid="dispatch-accepted"]')).toBeVisible();
		expect((await app.sql<{ accepted: string | null }[]>`select state->'dispatch'->>'acceptedAt' as accepted from incident where id = ${id}`)[0].accepted).not.toBeNull();

		// The arrival: C, the pump room's checkpoint, is at the detector.
		await view(zh.page, 'scan');
		await typeCode(zh.page, 'C');
		await view(zh.page, 'round');
		await expect(card.locator('[data-testid="dispatch-on-scene"]')).toBeVisible({ timeout: 15_000 });
		const [reached] = await app.sql<{ status: string; on_scene: string }[]>`select state->>'status' as status, state->'dispatch'->>'onSceneAt' as on_scene from incident where id = ${id}`;
		expect(reached.status).toBe('on_scene');
		const [arrival] = await app.sql<{ at: Date }[]>`select at from event where stream = ${site} and type = 'CheckpointScanned' order by seq desc limit 1`;
		expect(reached.on_scene).toBe(arrival.at.toISOString());
	} finally {
		await panel.close();
	}
});

test('the scanner with the camera on, and the guard page passes axe-core’s WCAG 2.1 AA rules (no serious or critical violation)', async () => {
	for (const locale of ['zh-CN', 'en']) {
		// A camera that sees another estate's tag: the page says so and keeps the camera on.
		const phone = await openPhone(otherTagBrowser, locale);
		try {
			await view(phone.page, 'scan');
			await phone.page.locator('[data-testid="camera-start"]').click();
			await expect(phone.page.locator('[data-testid="scan-notice"]')).toHaveText(locale === 'en' ? 'This tag belongs to another site.' : '此标签属于其他小区。', { timeout: 20_000 });
			await expect(phone.page.locator('[data-testid="camera-video"]')).toBeVisible();
			await phone.page.screenshot({ path: `${SHOTS}/guard-scanner-${locale}.png` });
			for (const name of ['scan', 'round', 'report', 'outbox']) {
				await view(phone.page, name);
				const result = await new AxeBuilder({ page: phone.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
				const grave = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
				expect(grave.map((v) => `${name}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
			}
		} finally {
			await phone.context.close();
		}
	}
});

test('an account that is not a linked guard gets a message saying why, and the console keeps its header', async ({ browser }) => {
	const context = await browser.newContext({ viewport: PHONE });
	const [name, value] = app.cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'en', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}/guard`);
	try {
		await expect(page.locator('[data-testid="guard-refused"]')).toHaveAttribute('data-reason', 'not_guard');
		await expect(page.locator('[data-testid="guard-refused"]')).toContainText('This page is for guard accounts');
		await expect(page.locator('header.top')).toHaveCount(0);
		await page.goto(`${app.baseUrl}/`);
		await expect(page.locator('header.top')).toBeVisible();
		// The console is no client of the guard page's service worker.
		expect(await page.evaluate(() => navigator.serviceWorker.controller)).toBeNull();
		// A guard account has no console: its start page is the phone's.
		const landing = await fetch(`${app.baseUrl}/`, { headers: { cookie: await signInCookie(app.baseUrl, 'guard-g1', PASSWORD) }, redirect: 'manual' });
		expect([landing.status, landing.headers.get('location')]).toEqual([303, '/guard']);
	} finally {
		await page.context().close();
	}
});
