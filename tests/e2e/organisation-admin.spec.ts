import { expect, test, type Browser, type Page } from '@playwright/test';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { createUser } from '../fixtures/users';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { writeBundleFiles } from '../../src/lib/domain/site/bundle/bundle';
import type { OrganisationSheet } from '../../src/lib/domain/organisation/sheet';

// An admin sets up a site's organisation in the browser: departments with their supervisor and
// members, the manager and service centre, a steward for zones picked by name, the working day;
// saves it; sees a refusal on the field it is about; and is told when another admin saved first.
const SHOTS = 'test-results/screenshots';
let app: RunningApp;
const site = uniqueId('org-e2e');
const PASSWORD = 'organisation-pass-1';
const ids = {} as Record<'wang' | 'li' | 'zhang' | 'chen', string>;

test.beforeAll(async () => {
	app = await startApp();
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	const imported = await app.api(`/api/sites/${site}/bundle`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(writeBundleFiles(bundle)) });
	expect(imported.status).toBe(201);
	for (const [who, role, displayName] of [['wang', 'manager', '王经理'], ['li', 'operator', '李明'], ['zhang', 'guard', '张伟'], ['chen', 'guard', '陈磊']] as const) {
		ids[who] = (await createUser(app.sql, { username: `${who}-${site}`, displayName, role, password: PASSWORD, sites: [site] })).id;
	}
});
test.afterAll(async () => {
	await app?.dispose();
});

async function open(browser: Browser, viewport: { width: number; height: number }): Promise<Page> {
	const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', reducedMotion: 'reduce' });
	const [name, value] = app.cookie.split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}/admin/organisation?site=${site}`);
	await expect(page.getByTestId('organisation-editor')).toBeVisible();
	return page;
}

const sheet = async () => (await (await app.api(`/api/sites/${site}/organisation`)).json()) as OrganisationSheet;

test('an admin builds the organisation, saves it, and sees refusals and conflicts where they belong', async ({ browser }) => {
	const page = await open(browser, { width: 1920, height: 1080 });
	await expect(page.locator('h1')).toHaveText('组织架构');
	await expect(page.getByTestId('organisation-version')).toHaveText('尚未保存');

	// Two departments, added from the keyboard: the kind picked, then the add button.
	const kind = page.getByTestId('department-add-kind');
	await kind.focus();
	await kind.selectOption('security');
	await page.keyboard.press('Tab');
	await expect(page.locator('button[data-action="add-department"]')).toBeFocused();
	await page.keyboard.press('Enter');
	await kind.selectOption('customer_service');
	await page.locator('button[data-action="add-department"]').click();
	const security = page.locator('li[data-department="security"]');
	await expect(security.locator('h3')).toHaveText('秩序维护部');
	await expect(page.locator('#org-departments-0-name-zh-TW')).toHaveValue('秩序維護部');
	await expect(page.locator('#org-departments-1-name-en')).toHaveValue('Customer service');
	await page.locator('#org-departments-1-name-zh-CN').fill('客户服务中心');

	await page.locator('#org-departments-0-supervisor').selectOption(ids.li);
	await security.getByLabel('张伟 · 保安').check();
	await security.getByLabel('陈磊 · 保安').check();
	await page.locator('#org-departments-1-supervisor').selectOption(ids.wang);
	await page.locator('li[data-department="customer_service"]').getByLabel('李明 · 值班员').check();

	await page.locator('#org-manager').selectOption(ids.wang);
	await page.locator('#org-serviceCentre').getByLabel('李明 · 值班员').check();

	// Stewards: zones by their names in the plan.
	for (const [n, zone, user, department] of [
		[0, '中心花园', ids.zhang, 'security'],
		[1, '会所', ids.li, 'customer_service'],
		[2, '幼儿园', ids.chen, 'security']
	] as const) {
		await page.locator('button[data-action="add-steward"]').click();
		await page.locator(`#org-stewards-${n}-zone`).selectOption({ label: zone });
		await page.locator(`#org-stewards-${n}-user`).selectOption(user);
		await page.locator(`#org-stewards-${n}-department`).selectOption(department);
	}

	await page.locator('#org-workingHours-start').fill('08:30');
	await page.locator('#org-workingHours-end').fill('17:30');
	await page.locator('input[data-weekday="6"]').check();
	await page.locator('#org-endOfDay').fill('20:00');
	await page.screenshot({ path: `${SHOTS}/organisation-1920.png`, fullPage: true });

	await page.locator('button[data-action="save-organisation"]').click();
	await expect(page.getByTestId('organisation-saved')).toHaveText('已保存：第 1 版。');
	await expect(page.getByTestId('organisation-version')).toHaveText('第 1 版');
	const saved = await sheet();
	expect(saved.version).toBe(1);
	expect(saved.organisation).toMatchObject({
		departments: [
			{ id: 'security', kind: 'security', supervisor: ids.li, members: [ids.zhang, ids.chen] },
			{ id: 'customer_service', kind: 'customer_service', name: { 'zh-CN': '客户服务中心', en: 'Customer service' }, supervisor: ids.wang, members: [ids.li] }
		],
		manager: ids.wang,
		serviceCentre: [ids.li],
		stewards: [
			{ zone: 'GARDEN', user: ids.zhang, department: 'security' },
			{ zone: 'CLUB', user: ids.li, department: 'customer_service' },
			{ zone: 'KINDERGARTEN', user: ids.chen, department: 'security' }
		],
		workingHours: { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5, 6] },
		endOfDay: '20:00'
	});

	// A steward outside their department, a name left empty: refused, each problem on its field.
	await page.locator('#org-stewards-1-user').selectOption(ids.zhang);
	await page.locator('#org-departments-0-name-en').fill('');
	await page.locator('button[data-action="save-organisation"]').click();
	await expect(page.getByTestId('organisation-problems')).toHaveText('未保存：请修正标出的字段。');
	await expect(page.locator('#org-departments-0-name-en')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.locator('#org-departments-0-name-en-problem')).toHaveText('必填。');
	await page.locator('#org-departments-0-name-en').fill('Security');
	await page.locator('button[data-action="save-organisation"]').click();
	await expect(page.locator('#org-stewards-1-user')).toHaveAttribute('aria-describedby', 'org-stewards-1-user-problem');
	await expect(page.locator('#org-stewards-1-user-problem')).toHaveText('须为该部门的成员或主管。');
	await page.locator('#org-stewards-1-user').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/organisation-problems-1920.png` });
	expect((await sheet()).version).toBe(1);

	// Another admin saves first: this form is told so, and reloads theirs.
	const theirs = { ...saved.organisation, endOfDay: '21:30' };
	const other = await app.api(`/api/sites/${site}/organisation`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ expectedVersion: 1, organisation: theirs }) });
	expect(other.status).toBe(200);
	await page.locator('#org-stewards-1-user').selectOption(ids.li);
	await page.locator('button[data-action="save-organisation"]').click();
	const conflict = page.getByTestId('organisation-conflict');
	await expect(conflict).toContainText('其他人已先保存了本项目的组织架构（第 2 版）');
	await conflict.getByRole('button', { name: '重新载入' }).click();
	await expect(page.getByTestId('organisation-version')).toHaveText('第 2 版');
	await expect(page.locator('#org-endOfDay')).toHaveValue('21:30');
	expect((await sheet()).version).toBe(2);
	await page.context().close();
});

test('the saved organisation on a phone, without sideways scrolling', async ({ browser }) => {
	const page = await open(browser, { width: 390, height: 844 });
	await expect(page.getByTestId('organisation-version')).toHaveText('第 2 版');
	await expect(page.locator('li[data-department="security"] h3')).toHaveText('秩序维护部');
	expect(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)).toBe(false);
	await page.screenshot({ path: `${SHOTS}/organisation-390.png`, fullPage: true });
	await page.locator('#org-stewards-title').scrollIntoViewIfNeeded();
	await page.screenshot({ path: `${SHOTS}/organisation-390-stewards.png` });
	await page.context().close();
});
