import { expect, test, type Page } from '@playwright/test';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';
import { listFeatures } from '../../src/lib/domain/site/model';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { decodeQrCodes } from '../fixtures/qr-decoder';

// The tag sheet as an admin prints it: opened from the patrol page in Chromium, drawn by the
// browser (its style and script allowed by the sheet's CSP), every QR code on screen read back by
// the guard page's decoder, and printed to A4 pages of 24 labels without the heading.
test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

let app: RunningApp;
let site: string;
const bundle = buildDemoEstate();
const checkpoints = listFeatures(bundle, 'checkpoint').map((f) => ({ id: f.properties.id, name: f.properties.name['zh-CN'] }));

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('tags');
	bundle.site.id = site;
	const r = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeBundleFiles(bundle)) });
	expect(r.status).toBe(201);
});
test.afterAll(async () => {
	await app?.dispose();
});

async function openPatrolPage(page: Page) {
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(`${app.baseUrl}/admin/patrol?site=${site}`);
}

/** The sheet a link on the patrol page opens in a new tab, with what its console said. */
async function follow(page: Page, link: ReturnType<Page['getByRole']>) {
	const [sheet] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
	const problems: string[] = [];
	sheet.on('console', (msg) => {
		if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text());
	});
	await sheet.waitForLoadState('load');
	return { sheet, problems };
}

test('prints every checkpoint of the site from the patrol page: each QR code on screen decodes to its URL, 24 to an A4 page', async ({ page }) => {
	await openPatrolPage(page);
	const { sheet, problems } = await follow(page, page.getByRole('link', { name: '打印巡更点标签' }));
	await expect(sheet).toHaveTitle(/^巡更点标签：/);
	const labels = sheet.locator('.label');
	await expect(labels).toHaveCount(checkpoints.length);
	await expect(sheet.getByRole('button', { name: '打印' })).toBeVisible();
	expect(await labels.locator('.name').allTextContents()).toEqual(checkpoints.map((c) => c.name));
	expect(await labels.locator('.code').allTextContents()).toEqual(checkpoints.map((c) => c.id));
	// A label is 70 × 37 mm at CSS's 96 px to the inch.
	const box = (await labels.first().boundingBox())!;
	expect([Math.round((box.width * 25.4) / 96), Math.round((box.height * 25.4) / 96)]).toEqual([70, 37]);
	await sheet.setViewportSize({ width: 900, height: 1300 });
	await sheet.screenshot({ path: 'test-results/screenshots/checkpoint-tags.png' });

	// Each code as the browser drew it, read by the guard page's decoder (PNG in, as a camera frame would be).
	for (const [n, c] of checkpoints.entries()) {
		const png = await labels.nth(n).locator('.qr').screenshot();
		expect(await decodeQrCodes(new Uint8Array(png)), c.id).toEqual([`${app.baseUrl}/guard/c/${site}/${c.id}`]);
	}

	// Printed: the heading and button stay on screen; A4 pages, 24 labels each.
	await sheet.emulateMedia({ media: 'print' });
	await expect(sheet.locator('header')).toBeHidden();
	const pdf = (await sheet.pdf({ preferCSSPageSize: true })).toString('latin1');
	expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(Math.ceil(checkpoints.length / 24));
	// A4 is 595.28 × 841.89 points; Chromium rounds to its own units.
	const boxes = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map(([, w, h]) => [Math.round(Number(w)), Math.round(Number(h))]);
	expect(boxes).toEqual(Array(Math.ceil(checkpoints.length / 24)).fill([595, 842]));
	expect(problems).toEqual([]);
});

test('prints a route’s checkpoints in walking order from its entry on the patrol page', async ({ page }) => {
	const route = listFeatures(bundle, 'patrol_route')[0];
	const stops = [...new Set(route.properties.checkpoints)];
	await openPatrolPage(page);
	const entry = page.locator(`[data-route="${route.properties.id}"]`);
	await expect(entry).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/checkpoint-tags-links.png' });
	const { sheet, problems } = await follow(page, entry.getByRole('link', { name: '打印本路线的标签' }));
	await expect(sheet).toHaveTitle(`巡更点标签：${bundle.site.name['zh-CN']}，路线 ${route.properties.name['zh-CN']}`);
	await expect(sheet.locator('.label')).toHaveCount(stops.length);
	expect(await sheet.locator('.label .code').allTextContents()).toEqual(stops);
	await sheet.setViewportSize({ width: 900, height: 700 });
	await sheet.screenshot({ path: 'test-results/screenshots/checkpoint-tags-route.png' });
	expect(problems).toEqual([]);
});
