import { expect, test } from '@playwright/test';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { openConsole } from '../fixtures/console';
import { makePng, sha256 } from '../fixtures/photos';
import { importBundle } from '../fixtures/projections-check';

// A guard's finding, sent as the phone sends it (photo first, then the finding), appears on an
// open console at once: a line in the feed and a row in the findings list with its thumbnail,
// which opens the full photo.
const SHOTS = 'test-results/screenshots';
let app: RunningApp;
let site: string;
let guardCookie: string;

const name = (zh: string, en: string) => ({ 'zh-CN': zh, 'zh-TW': zh, en });

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e-find');
	const checkpoint = (id: string, n: ReturnType<typeof name>, lng: number) => ({
		type: 'Feature',
		geometry: { type: 'Point', coordinates: [lng, 30.28] },
		properties: { kind: 'checkpoint', id, name: n }
	});
	await importBundle(app.sql, {
		site: { id: site, name: name('翠湖苑', 'Green Lake Court'), address: name('湖滨路 8 号', '8 Lakeside Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [],
		guards: [{ id: 'G1', name: name('王伟', 'Wang Wei') }],
		plan: { type: 'FeatureCollection', features: [checkpoint('CP-PUMP', name('水泵房', 'Pump room'), 120.15), checkpoint('CP-GATE', name('东门', 'East gate'), 120.151)] }
	} as unknown as SiteBundle);
	const password = 'finding-e2e-password';
	const r = await app.api('/api/users', {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ username: 'guard-wang', displayName: 'Wang Wei', role: 'guard', password, sites: [site], guard: { site, guard: 'G1' } })
	});
	expect(r.status).toBe(201);
	guardCookie = await signInCookie(app.baseUrl, 'guard-wang', password);
});
test.afterAll(async () => {
	await app?.dispose();
});

/** As the guard's phone: its session cookie and the Origin of the product's own page. */
const asGuard = (path: string, init: RequestInit) =>
	fetch(`${app.baseUrl}${path}`, { ...init, headers: { origin: app.baseUrl, cookie: guardCookie, ...(init.headers as Record<string, string>) } });

test('a guard’s finding shows on the console at once, with its photo as a thumbnail that opens full size', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'en');
	const list = page.getByTestId('findings');
	await expect(list).toContainText('No open findings.');

	const photo = makePng(640, 480, 30);
	const upload = await asGuard(`/api/sites/${site}/photos`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: new Uint8Array(photo) });
	expect(upload.status).toBe(201);
	const { hash } = await upload.json();
	expect(hash).toBe(sha256(photo));
	const now = new Date().toISOString();
	const id = 'e2e-finding-0001';
	const sent = await asGuard(`/api/sites/${site}/guard/findings`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id, at: now, sentAt: now, checkpoint: 'CP-PUMP', category: 'leak', text: 'Water on the floor by pump 2', photo: hash })
	});
	expect(sent.status).toBe(201);
	const noPhoto = await asGuard(`/api/sites/${site}/guard/findings`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ id: 'e2e-finding-0002', at: now, sentAt: now, checkpoint: null, category: 'lighting', text: '', photo: null })
	});
	expect(noPhoto.status).toBe(201);

	// The feed's line names the guard, the checkpoint, the category and the words.
	await expect(page.locator(`tr[data-event-id="${id}"]`)).toContainText('Wang Wei reported a finding at Pump room (Leak): Water on the floor by pump 2');
	const row = list.locator(`li[data-finding-id="${id}"]`);
	await expect(row).toContainText('Leak');
	await expect(row).toContainText('Wang Wei');
	await expect(row).toContainText('Pump room');
	await expect(row).toContainText('Water on the floor by pump 2');
	const other = list.locator('li[data-finding-id="e2e-finding-0002"]');
	await expect(other).toContainText('no checkpoint');
	await expect(other).toContainText('(no words)');
	await expect(other.locator('img')).toHaveCount(0);
	// Newest first; the count beside the title.
	await expect(list.locator('li').first()).toHaveAttribute('data-finding-id', 'e2e-finding-0002');
	await expect(list.locator('h2 .n')).toHaveText('2');

	const thumb = row.locator('img');
	await expect(thumb).toHaveAttribute('alt', 'Photo of the finding by Wang Wei: open full size');
	await thumb.scrollIntoViewIfNeeded();
	await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(640);
	await page.screenshot({ path: `${SHOTS}/console-finding.png` });
	await list.screenshot({ path: `${SHOTS}/console-finding-list.png` });

	const [full] = await Promise.all([page.context().waitForEvent('page'), thumb.click()]);
	await full.waitForLoadState();
	expect(full.url()).toBe(`${app.baseUrl}/api/sites/${site}/photos/${hash}`);
	await expect.poll(() => full.evaluate(() => (document.querySelector('img') as HTMLImageElement | null)?.naturalWidth ?? 0)).toBe(640);
	await full.close();
	await page.context().close();
});

test('the findings list and the feed line read in Chinese', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'zh-CN');
	const list = page.getByTestId('findings');
	await expect(list.locator('h2')).toContainText('巡更发现');
	await expect(list.locator('li[data-finding-id="e2e-finding-0001"]')).toContainText('漏水');
	await expect(list.locator('li[data-finding-id="e2e-finding-0001"]')).toContainText('水泵房');
	await expect(page.locator('tr[data-event-id="e2e-finding-0001"]')).toContainText('王伟 在 水泵房 上报问题（漏水）：Water on the floor by pump 2');
	await page.screenshot({ path: `${SHOTS}/console-finding-zh-CN.png` });
	await page.context().close();
});
