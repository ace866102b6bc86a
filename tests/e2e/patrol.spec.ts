import { expect, test, type Browser, type Page } from '@playwright/test';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { connectDevice } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';
import { importBundle } from '../fixtures/projections-check';
import type { Round } from '../../src/lib/domain/patrol/round';
import type { SiteBundle } from '../../src/lib/domain/site/model';

// Patrol rounds as an operator meets them, on the production host with a controlled clock:
// three routes, four rounds made by the scheduler, scans over MQTT, windows closed by the timer.
// At the end (T0 + 26 min) the night round is under way with one checkpoint on time, one missed
// and one late; a garage round waits unclaimed; today's rounds stand one on time, one late and
// one missed. The browser's clock is set to the app's, so "time left" is the app's.
let app: RunningApp;
const site = uniqueId('e2e-patrol');
const MIN = 60_000;
let T0 = 0;
const at = (minutes: number) => new Date(T0 + minutes * MIN);
const SHOTS = 'test-results/screenshots';

const names = (zhCN: string, zhTW: string, en: string) => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });
const CHECKPOINTS: [string, ReturnType<typeof names>, [number, number]][] = [
	['N1', names('南门岗亭', '南門崗亭', 'South gatehouse'), [120.1505, 30.2802]],
	['N2', names('3 号楼大堂', '3 號樓大堂', 'Tower 3 lobby'), [120.1526, 30.2806]],
	['N3', names('东侧围墙', '東側圍牆', 'East fence'), [120.1527, 30.2822]],
	['N4', names('北门', '北門', 'North gate'), [120.1512, 30.2828]],
	['N5', names('儿童乐园', '兒童樂園', 'Playground'), [120.1503, 30.2816]],
	['G1', names('地库 B1 入口', '地庫 B1 入口', 'Garage B1 entrance'), [120.1511, 30.2810]],
	['G2', names('地库 B1 水泵房', '地庫 B1 水泵房', 'Garage B1 pump room'), [120.1516, 30.2812]],
	['G3', names('地库 B2 出口', '地庫 B2 出口', 'Garage B2 exit'), [120.1519, 30.2816]],
	['L1', names('1 号楼大堂', '1 號樓大堂', 'Tower 1 lobby'), [120.1508, 30.2820]],
	['L2', names('1 号楼顶层', '1 號樓頂層', 'Tower 1 roof'), [120.1509, 30.2822]]
];
const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const bundle = {
	site: { id: site, name: names('滨江苑', '濱江苑', 'Binjiang Court'), address: names('滨江路 1 号', '濱江路 1 號', '1 Binjiang Road'), timeZone: 'Asia/Shanghai', center: [120.1515, 30.2815] },
	devices: [{ id: 'HH-1', kind: 'guard_handheld', name: names('巡更机 1', '巡更機 1', 'Handset 1') }],
	guards: [
		{ id: 'G-017', name: names('王建国', '王建國', 'Wang Jianguo') },
		{ id: 'G-021', name: names('李娜', '李娜', 'Li Na') }
	],
	plan: {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.15, 30.28, 0.003) }, properties: { kind: 'boundary', id: 'b', name: names('边界', '邊界', 'Boundary') } },
			...CHECKPOINTS.map(([id, name, coordinates]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: { kind: 'checkpoint', id, name } }))
		]
	}
} as unknown as SiteBundle;

const stops = (ids: string[], leg: number, tolerance: number) => ids.map((checkpoint, n) => ({ checkpoint, legMinutes: n ? leg : 0, toleranceMinutes: tolerance }));
// A long lone-worker limit: this test is about checkpoints, not silences.
const ROUTES = {
	'R-NIGHT': { name: names('夜间巡逻', '夜間巡邏', 'Night patrol'), mode: 'strict', silenceMinutes: 120, stops: stops(['N1', 'N2', 'N3', 'N4', 'N5'], 10, 5) },
	'R-GARAGE': { name: names('地库巡查', '地庫巡查', 'Garage check'), mode: 'any_order', silenceMinutes: 120, stops: stops(['G1', 'G2', 'G3'], 10, 5) },
	'R-LOBBY': { name: names('大堂巡查', '大堂巡查', 'Lobby check'), mode: 'any_order', silenceMinutes: 120, stops: stops(['L1', 'L2'], 5, 2) }
};

const put = (path: string, body: unknown) =>
	app.api(`/api/sites/${site}/${path}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
async function listRounds(): Promise<Round[]> {
	const now = (await app.clock.advance(0)).getTime();
	const r = await app.api(`/api/sites/${site}/rounds?status=all&from=${new Date(now - 24 * 60 * MIN).toISOString()}&to=${new Date(now + 24 * 60 * MIN).toISOString()}`);
	expect(r.status).toBe(200);
	return (await r.json()).rounds;
}
const roundId = (schedule: string, start: Date) => `${schedule}@${start.toISOString()}`;
/** Wait until the round's checkpoints are in these states (the timer closes windows on its own). */
const roundReaches = (id: string, states: string[]) =>
	waitFor(async () => {
		const r = (await listRounds()).find((x) => x.id === id);
		return r && r.checkpoints.map((c) => c.state).join() === states.join() ? r : undefined;
	}, 15_000, `${id} at ${states.join()}`);

test.beforeAll(async () => {
	app = await startApp({ testClock: true });
	await importBundle(app.sql, bundle);
	for (const [id, route] of Object.entries(ROUTES)) expect((await put(`routes/${id}`, route)).status).toBe(200);
	const now = await app.clock.advance(0);
	T0 = Math.ceil((now.getTime() + 10 * MIN) / MIN) * MIN;
	const schedules = [
		['S-NIGHT', 'R-NIGHT', 'G-017', at(0)],
		['S-GARAGE', 'R-GARAGE', 'G-021', at(0)],
		['S-LOBBY', 'R-LOBBY', 'G-021', at(0)],
		['S-WEST', 'R-GARAGE', null, at(25)]
	] as const;
	for (const [id, route, guard, start] of schedules) expect((await put(`schedules/${id}`, { route, rule: { kind: 'once', at: start.toISOString() }, guard })).status).toBe(200);
	await waitFor(async () => ((await listRounds()).length === schedules.length ? true : undefined), 15_000, 'the four rounds');

	const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-1', 'guard_handheld'));
	let n = 0;
	const scan = async (guard: string, checkpoint: string, minute: number) => {
		const id = `e2e-patrol-${++n}`;
		await handheld.publish('scans', { id, guard, checkpoint, at: at(minute).toISOString(), method: 'nfc' });
		expect((await handheld.receiptFor(id)).status).toBe('stored');
	};
	try {
		await app.clock.set(at(3));
		await scan('G-017', 'N1', 1);
		for (const [cp, minute] of [['G1', 1], ['G2', 2], ['G3', 3], ['L1', 3]] as const) await scan('G-021', cp, minute);
		// L2's window ends at T0 + 7: missed by the timer, then scanned late.
		await app.clock.set(at(10));
		await roundReaches(roundId('S-LOBBY', at(0)), ['on_time', 'missed']);
		await scan('G-021', 'L2', 10);
		// N2's window ends at T0 + 15, N3's at T0 + 25: both missed, then N3 scanned late.
		await app.clock.set(at(26));
		await roundReaches(roundId('S-NIGHT', at(0)), ['on_time', 'missed', 'missed', 'pending', 'pending']);
		await scan('G-017', 'N3', 26);
		await roundReaches(roundId('S-NIGHT', at(0)), ['on_time', 'missed', 'late', 'pending', 'pending']);
		await roundReaches(roundId('S-LOBBY', at(0)), ['on_time', 'late']);
	} finally {
		await handheld.close();
	}
});
test.afterAll(async () => {
	await app?.dispose();
});

/** A page signed in as the admin in `locale`, its clock at the app's, on `path`. */
async function open(browser: Browser, locale: string, path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await browser.newContext({ viewport });
	const [cookieName, value] = app.cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.clock.install({ time: await app.clock.advance(0) });
	await page.goto(`${app.baseUrl}${path}`);
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	return page;
}

const night = () => roundId('S-NIGHT', at(0));
const west = () => roundId('S-WEST', at(25));

test('the console lists the rounds under way beside the map, and a round picked shows its route and trail', async ({ browser }) => {
	const page = await open(browser, 'zh-CN', `/?site=${site}`);
	const panel = page.locator('section.patrol');
	const nightRound = panel.locator(`[data-round-id="${night()}"]`);
	await expect(panel.locator('[data-round-id]')).toHaveCount(2);
	// The round with a missed checkpoint comes first.
	await expect(panel.locator('[data-round-id]').first()).toHaveAttribute('data-round-id', night());
	await expect(nightRound).toHaveAttribute('data-done', '2');
	await expect(nightRound).toHaveAttribute('data-total', '5');
	await expect(nightRound).toContainText('夜间巡逻');
	await expect(nightRound).toContainText('王建国');
	await expect(nightRound).toContainText('2/5 个巡更点');
	await expect(nightRound.locator('[data-state="late"]')).toHaveText('迟巡 1');
	await expect(nightRound.locator('[data-state="missed"]')).toHaveText('漏巡 1');
	// Its last window (N5) ends at T0 + 45.
	await expect(nightRound).toContainText('剩余 19 分钟');
	await expect(panel.locator(`[data-round-id="${west()}"]`)).toContainText('尚未认领');
	await expect(panel.locator(`[data-round-id="${west()}"]`)).toContainText('0/3 个巡更点');

	// The checkpoints by their state in the current rounds; one on none keeps the plain look.
	const marker = (id: string) => page.locator(`.checkpoint-marker[data-checkpoint-id="${id}"]`);
	await expect(marker('N1')).toHaveAttribute('data-state', 'on_time');
	await expect(marker('N2')).toHaveAttribute('data-state', 'missed');
	await expect(marker('N3')).toHaveAttribute('data-state', 'late');
	await expect(marker('N4')).toHaveAttribute('data-state', 'pending');
	await expect(marker('G1')).toHaveAttribute('data-state', 'pending');
	await expect(marker('L1')).not.toHaveAttribute('data-state');
	await marker('N2').hover();
	await expect(page.locator('.leaflet-tooltip')).toContainText('夜间巡逻：漏巡');

	// The panel fits beside the map without pushing the queue off a 1920×1080 screen.
	for (const part of ['section.patrol', '.queue-column']) {
		const box = await page.locator(part).boundingBox();
		expect(box && box.y + box.height).toBeLessThanOrEqual(1080);
	}

	await nightRound.click();
	await expect(nightRound).toHaveAttribute('aria-pressed', 'true');
	await expect(page.locator('.round-stop-number')).toHaveCount(5);
	await expect(page.locator('.round-stop-number[data-stop="2"]')).toBeVisible();
	await expect(page.locator('path.round-trail')).toHaveCount(1);
	await page.screenshot({ path: `${SHOTS}/patrol-console-zh-CN.png` });
	await panel.screenshot({ path: `${SHOTS}/patrol-panel-zh-CN.png` });
	await page.keyboard.press('Escape');
	await expect(page.locator('.round-stop-number')).toHaveCount(0);
	await expect(nightRound).toHaveAttribute('aria-pressed', 'false');
	// Click again clears too.
	await nightRound.click();
	await expect(page.locator('.round-stop-number')).toHaveCount(5);
	await nightRound.click();
	await expect(page.locator('.round-stop-number')).toHaveCount(0);
	await page.context().close();
});

test('a patrol exception names its round, route, guard, and the checkpoints missed and scanned after all', async ({ browser }) => {
	const page = await open(browser, 'en', `/?site=${site}`);
	const queue = page.locator('.queue-column');
	await expect(queue).toContainText('Patrol exception');
	const night = await waitFor(async () => {
		const r = await app.api(`/api/sites/${site}/rounds?status=all&from=${at(-60).toISOString()}&to=${at(60).toISOString()}`);
		return ((await r.json()).rounds as Round[]).find((x) => x.id === roundId('S-LOBBY', at(0)));
	}, 10_000, 'the lobby round');
	const [row] = await app.sql<{ id: string }[]>`select id from incident where site = ${site} and kind = 'patrol_exception' and state->>'point' = ${night.id}`;
	await page.locator(`[data-incident-id="${row.id}"]`).first().click();
	const facts = page.locator('.details dl.patrol');
	await expect(facts).toContainText('Lobby check');
	await expect(facts).toContainText('Li Na');
	await expect(facts).toContainText('Tower 1 roof');
	await expect(facts).toContainText('(Late)');
	await page.locator('.details').screenshot({ path: `${SHOTS}/patrol-incident-en.png` });
	await page.context().close();
});

for (const locale of ['zh-CN', 'en'] as const) {
	test(`the wall tile counts today's rounds on time, late and missed (${locale})`, async ({ browser }) => {
		const page = await open(browser, locale, '/wall');
		const tile = page.locator(`[data-site="${site}"]`);
		const rounds = tile.locator('.rounds');
		await expect(rounds).toHaveAttribute('data-on-time', '1');
		await expect(rounds).toHaveAttribute('data-late', '1');
		await expect(rounds).toHaveAttribute('data-missed', '1');
		await expect(rounds).toContainText(locale === 'en' ? '1 on time' : '准时 1');
		await expect(rounds).toContainText(locale === 'en' ? '1 missed' : '漏巡 1');
		// One line, inside the tile.
		const [line, box] = await Promise.all([rounds.boundingBox(), tile.boundingBox()]);
		expect(line!.x + line!.width).toBeLessThanOrEqual(box!.x + box!.width);
		await tile.screenshot({ path: `${SHOTS}/patrol-wall-${locale}.png` });
		// As wide as one of four columns on a 1920×1080 wall: the tile's content still fits a third of its height.
		await page.setViewportSize({ width: 480, height: 1080 });
		const content = await tile.evaluate((el) => (el.querySelector('.body')!.lastElementChild as HTMLElement).getBoundingClientRect().bottom - el.getBoundingClientRect().top);
		expect(content).toBeLessThanOrEqual((1080 - 9 * 16) / 3 - 16);
		await tile.screenshot({ path: `${SHOTS}/patrol-wall-narrow-${locale}.png` });
		if (locale === 'en') {
			const console = await open(browser, 'en', `/?site=${site}`);
			await expect(console.locator(`section.patrol [data-round-id="${night()}"]`)).toContainText('Night patrol');
			await expect(console.locator(`section.patrol [data-round-id="${night()}"] [data-state="missed"]`)).toHaveText('Missed 1');
			await console.screenshot({ path: `${SHOTS}/patrol-console-en.png` });
			await console.context().close();
		}
		await page.context().close();
	});
}

test('on a phone the patrol panel sits under the map, legible and within the width', async ({ browser }) => {
	const page = await open(browser, 'zh-CN', `/?site=${site}`, { width: 390, height: 844 });
	const panel = page.locator('section.patrol');
	await expect(panel.locator('[data-round-id]')).toHaveCount(2);
	const box = await panel.boundingBox();
	expect(box!.x + box!.width).toBeLessThanOrEqual(390);
	expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await panel.scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/patrol-console-390.png` });
	await page.context().close();
});
