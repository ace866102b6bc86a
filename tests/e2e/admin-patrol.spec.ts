import { expect, test, type Page } from '@playwright/test';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';

// The patrol admin page in Chromium against the production build: a route built by clicking
// checkpoints on the site map in order, saved, and listed; the page at a desk and on a phone.
// A Chinese browser, as the page's readers have: its time fields show a 24-hour clock.
test.use({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });

let app: RunningApp;
let site: string;
/** Each checkpoint's Simplified Chinese name. */
let names: Map<string, string>;

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('patrol');
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	names = new Map(bundle.plan.features.flatMap((f) => (f.properties.kind === 'checkpoint' ? [[f.properties.id, f.properties.name['zh-CN']] as const] : [])));
	const r = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeBundleFiles(bundle)) });
	expect(r.status).toBe(201);
});
test.afterAll(async () => {
	await app?.dispose();
});

async function open(page: Page, locale: string) {
	const [name, value] = app.cookie.split('=');
	await page.context().addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	await page.goto(`${app.baseUrl}/admin/patrol?site=${site}`);
}

const marker = (page: Page, checkpoint: string) => page.locator(`.route-stop-marker[data-checkpoint-id="${checkpoint}"]`);

/** Whether anything is wider than the window (a horizontal scrollbar). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);

for (const viewport of [
	{ name: 'desktop', width: 1920, height: 1080 },
	{ name: 'phone', width: 390, height: 844 }
]) {
	test(`builds a route by clicking three checkpoints on the map in order, saves it and finds it listed (${viewport.name}, zh-CN)`, async ({ page }) => {
		await page.setViewportSize(viewport);
		await open(page, 'zh-CN');
		await expect(page.getByRole('heading', { name: '巡更路线与排班' })).toBeVisible();
		const editor = page.getByTestId('route-editor');
		await expect(marker(page, 'CP-G1')).toBeVisible();

		const route = `R-${viewport.name}`;
		const picks = ['CP-G1', 'CP-GARDEN', 'CP-G2'];
		for (const [n, checkpoint] of picks.entries()) {
			await marker(page, checkpoint).click();
			// Numbered on the map in the order picked, and listed below it.
			await expect(marker(page, checkpoint)).toHaveAttribute('data-order', String(n + 1));
		}
		await expect(editor.locator('[data-stop]')).toHaveCount(3);
		expect(await editor.locator('[data-stop]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-stop')))).toEqual(picks);
		// Clicking a stop again does not add it twice.
		await marker(page, 'CP-GARDEN').click();
		await expect(editor.locator('[data-stop]')).toHaveCount(3);
		// Legs come from the walk: the first from the start (0), the others at least the scan's minute.
		const legs = await editor.locator('input[name="leg"]').evaluateAll((inputs) => inputs.map((i) => Number((i as HTMLInputElement).value)));
		expect(legs[0]).toBe(0);
		expect(legs.slice(1).every((l) => l >= 2)).toBe(true);

		await editor.getByLabel('路线编号').fill(route);
		await editor.getByLabel('名称（简体中文）').fill('夜间外围巡更');
		await editor.getByLabel('名称（繁體中文）').fill('夜間外圍巡邏');
		await editor.getByLabel('名称（English）').fill('Night perimeter');
		await editor.getByLabel('巡更顺序').selectOption('strict');
		await page.screenshot({ path: `test-results/screenshots/admin-patrol-${viewport.name}-editing.png`, fullPage: true });
		// The map and the stops under it, as the window shows them (a full phone page is too tall to read).
		await editor.getByTestId('route-map').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/screenshots/admin-patrol-${viewport.name}-map.png` });
		await editor.getByTestId('route-stops').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/screenshots/admin-patrol-${viewport.name}-stops.png` });
		expect(await overflows(page)).toBe(false);

		await editor.getByTestId('route-save').click();
		await expect(page.getByRole('status').filter({ hasText: `已保存路线 ${route}。` })).toBeVisible();
		const listed = page.locator(`[data-route="${route}"]`);
		await expect(listed).toContainText('夜间外围巡更');
		await expect(listed).toContainText(picks.map((c, n) => `${n + 1}. ${names.get(c)}`).join(' → '));
		await expect(listed).toContainText('按顺序');
		// After the save the editor is empty again, ready for a new route.
		await expect(editor.locator('[data-stop]')).toHaveCount(0);

		const { routes } = (await (await app.api(`/api/sites/${site}/routes`)).json()) as { routes: { route: string; stops: { checkpoint: string }[] }[] };
		expect(routes.find((r) => r.route === route)?.stops.map((s) => s.checkpoint)).toEqual(picks);

		await page.screenshot({ path: `test-results/screenshots/admin-patrol-${viewport.name}.png`, fullPage: true });
		await page.getByTestId('schedule-form').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/screenshots/admin-patrol-${viewport.name}-schedule.png` });
		expect(await overflows(page)).toBe(false);
	});
}
