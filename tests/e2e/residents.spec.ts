import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { importBundle } from '../fixtures/projections-check';
import { createUser } from '../fixtures/users';
import type { SiteBundle } from '../../src/lib/domain/site/model';

// The service desk's residents page: an operator records a resident at a room picked from the
// site's tree, sees the number masked, reveals it with a reason (a `tel:` link); the admin's audit
// page shows that reveal, and the admin's own view of the residents stays masked, without a reveal.
let app: RunningApp;
const site = uniqueId('e2e-res');
const PASSWORD = 'a long enough password 1';
let operatorCookie = '';
let operatorName = '';

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const estate: SiteBundle = {
	site: { id: site, name: { 'zh-CN': '翠湖花园', 'zh-TW': '翠湖花園', en: 'Cuihu Garden' }, address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
	devices: [],
	guards: [],
	places: [{ building: 'T1', units: [{ id: '1', floors: [-1, 3], roomsPerFloor: 2 }, { id: '2', floors: [1, 3], roomsPerFloor: 2 }] }],
	plan: {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[120.15, 30.28], [120.151, 30.28], [120.151, 30.281], [120.15, 30.28]]] }, properties: { kind: 'building', id: 'T1', name: { 'zh-CN': '1 号楼', 'zh-TW': '1 號樓', en: 'Tower 1' }, floors: 3, units: 2 } }
		]
	}
} as SiteBundle;

test.beforeAll(async () => {
	app = await startApp();
	await importBundle(app.sql, estate);
	operatorName = `op-${site}`;
	await createUser(app.sql, { username: operatorName, displayName: '值班员李明', role: 'operator', password: PASSWORD, sites: [site] });
	operatorCookie = await signInCookie(app.baseUrl, operatorName, PASSWORD);
});
test.afterAll(async () => {
	await app?.dispose();
});

async function open(browser: Browser, cookie: string, locale: string, path: string, viewport = { width: 1920, height: 1080 }): Promise<Page> {
	const context = await browser.newContext({ viewport, locale, timezoneId: 'Asia/Shanghai' });
	const [cookieName, value] = cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: locale, url: app.baseUrl },
		{ name: cookieName, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}${path}`);
	return page;
}

test('an operator records a resident, sees the number masked and reveals it with a reason; the admin audits it', async ({ browser }) => {
	const page = await open(browser, operatorCookie, 'zh-CN', '/residents');
	await expect(page.getByRole('heading', { name: '住户', exact: true })).toBeVisible();
	await expect(page.getByTestId('residents-empty')).toHaveText('没有找到住户。');

	// Record: the home from the tree, then name, number and a note.
	const record = page.getByTestId('resident-record');
	await record.locator('button[data-action="resident-record-open"]').click();
	await record.locator('select[data-place-level="building"]').selectOption('T1');
	await expect(record.locator('select[data-place-level="building"] option:checked')).toHaveText('1 号楼');
	await record.locator('select[data-place-level="unit"]').selectOption('T1-1');
	await record.locator('select[data-place-level="floor"]').selectOption('T1-1-2F');
	await record.locator('select[data-place-level="room"]').selectOption('T1-1-201');
	await expect(record.getByTestId('place-chosen')).toHaveText('位置：1 号楼 · 1 单元 · 2F · 201');
	await record.locator('input[name="resident-name"]').fill('欧阳娜娜');
	await record.locator('input[name="resident-phone"]').fill('138 1234 5678');
	await record.locator('textarea[name="resident-note"]').fill('晚上六点后方便接听');
	await expect(record).toContainText('请勿填写身份证号或健康状况');
	await record.locator('button[data-action="resident-submit"]').click();
	await expect(page.getByRole('status')).toHaveText('已登记。');

	const row = page.locator('[data-testid="resident-table"] tbody tr').first();
	await expect(row).toContainText('T1-1-201');
	const phone = row.locator('[data-testid="reveal-contact"][data-field="phone"]');
	await expect(phone.getByTestId('masked-value')).toHaveText('138 **** 5678');
	await expect(row.locator('[data-testid="reveal-contact"][data-field="name"]').getByTestId('masked-value')).toHaveText('欧***');
	await expect(row).toContainText('晚上六点后方便接听');
	await expect(page.locator('body')).not.toContainText('1234');
	await page.screenshot({ path: 'test-results/screenshots/residents-desktop-zh-CN.png' });

	// Reveal: a reason is asked (and the field says to keep personal data out of it), then the number is a tel: link.
	await phone.locator('button[data-action="reveal"]').click();
	const reason = phone.locator('input[name="reveal-reason"]');
	await expect(reason).toBeFocused();
	await expect(reason).toHaveAttribute('placeholder', /请勿填写姓名或号码/);
	await expect(phone.locator('button[data-action="reveal-submit"]')).toBeDisabled();
	await reason.fill('就电梯投诉回电');
	await page.screenshot({ path: 'test-results/screenshots/residents-reveal-asking-zh-CN.png' });
	await reason.press('Enter');
	const value = phone.getByTestId('revealed-value');
	await expect(value).toHaveText('138 1234 5678');
	await expect(value).toHaveAttribute('href', 'tel:13812345678');
	await page.screenshot({ path: 'test-results/screenshots/residents-revealed-zh-CN.png' });
	await phone.getByRole('button', { name: '隐藏' }).click();
	await expect(phone.getByTestId('masked-value')).toHaveText('138 **** 5678');

	// Correct the record: the name and number stay as they are when left empty; the note changes.
	await row.locator('button[data-action="resident-edit"]').click();
	const edit = page.getByTestId('resident-edit-dialog');
	await expect(edit.getByRole('heading', { name: '修改住户信息' })).toBeVisible();
	await expect(edit).toContainText('留空则保持不变（138 **** 5678）');
	await edit.locator('textarea[name="resident-note"]').fill('工作日晚上六点后方便接听');
	await page.screenshot({ path: 'test-results/screenshots/residents-edit-zh-CN.png' });
	await edit.locator('button[data-action="resident-submit"]').click();
	await expect(edit).toBeHidden();
	await expect(page.getByRole('status')).toHaveText('已保存。');
	await expect(row).toContainText('工作日晚上六点后方便接听');
	await expect(phone.getByTestId('masked-value')).toHaveText('138 **** 5678');

	// Search by the last four digits, and by a home that has nobody.
	const search = page.getByTestId('resident-search');
	await search.locator('input[name="phone"]').fill('5678');
	await search.getByRole('button', { name: '搜索' }).click();
	await expect(page).toHaveURL(/phone=5678/);
	await expect(page.locator('[data-testid="resident-table"] tbody tr')).toHaveCount(1);
	await search.locator('input[name="phone"]').fill('0000');
	await search.getByRole('button', { name: '搜索' }).click();
	await expect(page.getByTestId('residents-empty')).toBeVisible();
	await page.context().close();

	// On a phone.
	const phonePage = await open(browser, operatorCookie, 'zh-CN', '/residents', { width: 390, height: 844 });
	await expect(phonePage.locator('[data-testid="resident-table"] tbody tr')).toHaveCount(1);
	await expect(phonePage.getByTestId('resident-search').locator('select[data-place-level="building"]')).toBeVisible();
	// Nothing wider than the phone: the list becomes cards instead of a table scrolled sideways.
	expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	const phoneRow = phonePage.locator('[data-testid="resident-table"] tbody tr').first();
	expect((await phoneRow.boundingBox())!.width).toBeLessThanOrEqual(390);
	await phoneRow.locator('[data-field="phone"] button[data-action="reveal"]').click();
	await expect(phoneRow.locator('input[name="reveal-reason"]')).toBeFocused();
	await phonePage.screenshot({ path: 'test-results/screenshots/residents-phone-zh-CN.png', fullPage: true });
	await phonePage.context().close();

	// The admin's audit page shows who revealed what, and why.
	const audit = await open(browser, app.cookie, 'zh-CN', `/admin/audit?site=${site}&type=ResidentContactRevealed`);
	const entry = audit.locator('tr[data-audit-type="ResidentContactRevealed"]');
	await expect(entry).toHaveCount(1);
	await expect(entry).toContainText('查看住户联系方式');
	await expect(entry).toContainText(operatorName);
	await expect(entry).toContainText('就电梯投诉回电');
	await expect(audit.locator('body')).not.toContainText('5678');
	await audit.screenshot({ path: 'test-results/screenshots/residents-audit-zh-CN.png' });
	await audit.context().close();

	// The admin's residents page: masked, no reveal, an erasure to confirm.
	const admin = await open(browser, app.cookie, 'en', `/residents?site=${site}`);
	await expect(admin.getByText('administrators do not reveal')).toBeVisible();
	const adminRow = admin.locator('[data-testid="resident-table"] tbody tr').first();
	await expect(adminRow.locator('[data-field="phone"] [data-testid="masked-value"]')).toHaveText('138 **** 5678');
	await expect(adminRow.locator('button[data-action="reveal"]')).toHaveCount(0);
	await expect(adminRow).not.toContainText('六点');
	await adminRow.locator('button[data-action="resident-erase"]').click();
	const dialog = admin.getByTestId('resident-erase-dialog');
	await expect(dialog).toContainText('keep their history');
	await admin.screenshot({ path: 'test-results/screenshots/residents-erase-en.png' });
	await dialog.locator('button[data-action="resident-erase-confirm"]').click();
	await expect(admin.getByRole('status')).toHaveText("The resident's personal data was erased.");
	await expect(admin.getByTestId('residents-empty')).toBeVisible();
	await admin.context().close();
});
