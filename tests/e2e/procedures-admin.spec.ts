import fs from 'node:fs/promises';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { fireProcedure, publishProcedure } from '../fixtures/procedures';
import { createUser } from '../fixtures/users';
import type { Procedure, ProcedureVersion } from '../../src/lib/domain/procedure/model';

// Admins edit the emergency procedures in the browser: each save publishes a version, shown in the
// history; the procedures go out as one JSON file and come back in (unchanged, or refused with the
// problems on their fields). Managers read them; operators do not reach the pages.
let app: RunningApp;
const PASSWORD = 'procedures-pass-1';
const manager = uniqueId('mgr');
const operator = uniqueId('op');

test.beforeAll(async () => {
	app = await startApp();
	await publishProcedure(app, fireProcedure('e2e'));
	for (const [username, role] of [[manager, 'manager'], [operator, 'operator']] as const) {
		await createUser(app.sql, { username, displayName: username, role, password: PASSWORD, sites: [] });
	}
});
test.afterAll(async () => {
	await app?.dispose();
});

/** The procedure's versions as the API has them, oldest first. */
async function versionsOf(id: string): Promise<ProcedureVersion[]> {
	const body = (await (await app.api('/api/procedures')).json()) as { procedures: { id: string; versions: ProcedureVersion[] }[] };
	return body.procedures.find((p) => p.id === id)?.versions ?? [];
}

async function open(browser: Browser, path: string, opts: { locale?: string; cookie?: string; viewport?: { width: number; height: number } } = {}): Promise<Page> {
	const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
	const [name, value] = (opts.cookie ?? app.cookie).split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: opts.locale ?? 'zh-CN', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}${path}`);
	return page;
}

test('an admin edits a step, adds and moves one, and each save is a version in the history', async ({ browser }) => {
	const before = (await versionsOf('fire')).at(-1)!.version;
	const page = await open(browser, '/admin/procedures');
	const row = page.locator('tr[data-procedure="fire"]');
	await expect(row).toHaveAttribute('data-version', String(before));
	await expect(row).toContainText('火警 e2e');
	await row.getByRole('link').click();
	await expect(page).toHaveURL(/\/admin\/procedures\/fire$/);

	const editor = page.getByTestId('procedure-editor');
	await expect(editor).toBeVisible();
	await editor.locator('input[name="steps.0.title.zh-CN"]').fill('视频确认并派人到场');
	await editor.locator('input[name="steps.0.title.en"]').fill('Confirm by camera and send a guard');
	await page.screenshot({ path: 'test-results/e2e/procedure-editor-1920.png', fullPage: false });
	await editor.locator('button[data-action="save-procedure"]').click();
	await expect(page.getByTestId('procedure-saved')).toHaveAttribute('data-version', String(before + 1));
	await expect(page.getByTestId('procedure-saved')).toHaveText(`已发布为第 ${before + 1} 版。`);
	const history = page.getByTestId('procedure-history');
	await expect(history.locator(`tr[data-version="${before + 1}"]`)).toContainText('现行');
	await expect(history.locator(`tr[data-version="${before}"]`)).toBeVisible();
	await expect(page.getByTestId('procedure-view')).toContainText('视频确认并派人到场');
	expect((await versionsOf('fire')).at(-1)!.steps[0].title).toEqual({ 'zh-CN': '视频确认并派人到场', 'zh-TW': '视频和人员确认', en: 'Confirm by camera and send a guard' });

	// A new step, written in three languages, moved up to second place; saved it is version +2.
	await editor.locator('button[data-action="add-step"]').click();
	const added = editor.locator('li[data-step-index="6"]');
	await added.locator('input[name="steps.6.id"]').fill('evacuate');
	await added.locator('select[name="steps.6.kind"]').selectOption('call');
	await added.locator('input[name="steps.6.phone"]').fill('8001');
	await added.locator('input[name="steps.6.limitMinutes"]').fill('5');
	for (const [locale, text] of [['zh-CN', '通知楼内人员疏散'], ['zh-TW', '通知樓內人員疏散'], ['en', 'Call the building to evacuate']]) {
		await added.locator(`input[name="steps.6.title.${locale}"]`).fill(text);
	}
	for (let at = 6; at > 1; at--) await editor.locator(`li[data-step-index="${at}"] button[aria-label="第 ${at + 1} 步上移"]`).click();
	await expect(editor.locator('li[data-step-index="1"]')).toHaveAttribute('data-step-id', 'evacuate');
	// The step that moved down keeps its answers and its when on the choice.
	await expect(editor.locator('select[name="steps.3.when"]')).toHaveValue('real_or_false:false');
	await editor.locator('button[data-action="save-procedure"]').click();
	await expect(page.getByTestId('procedure-saved')).toHaveAttribute('data-version', String(before + 2));
	const saved = (await versionsOf('fire')).at(-1)!;
	expect(saved.steps.map((s) => s.id)).toEqual(['confirm', 'evacuate', 'real_or_false', 'record_fault', 'auto_linkage', 'call_119', 'inform']);
	expect(saved.steps[1]).toEqual({ id: 'evacuate', kind: 'call', phone: '8001', limitMinutes: 5, required: true, title: { 'zh-CN': '通知楼内人员疏散', 'zh-TW': '通知樓內人員疏散', en: 'Call the building to evacuate' } });

	// Saved again as it is: nothing new.
	await editor.locator('button[data-action="save-procedure"]').click();
	await expect(page.getByTestId('procedure-saved')).toHaveAttribute('data-unchanged', 'true');
	await expect(page.getByTestId('procedure-saved')).toHaveText(`无变化：与第 ${before + 2} 版相同，未发布新版本。`);
	expect((await versionsOf('fire')).at(-1)!.version).toBe(before + 2);

	// Removing a step; then an earlier version is still there to read.
	await editor.locator('li[data-step-index="1"] button[aria-label="删除第 2 步"]').click();
	await expect(editor.locator('li[data-step-id="evacuate"]')).toHaveCount(0);
	await history.locator(`tr[data-version="${before}"] a`).click();
	await expect(page.getByTestId('procedure-view')).toHaveAttribute('data-version', String(before));
	await expect(page.getByTestId('procedure-view')).toContainText('视频和人员确认');
	await page.context().close();
});

test('problems are shown next to their fields in the user’s language, and nothing is published', async ({ browser }) => {
	const before = (await versionsOf('fire')).at(-1)!.version;
	const page = await open(browser, '/admin/procedures/fire');
	const editor = page.getByTestId('procedure-editor');
	await editor.locator('input[name="steps.0.title.zh-TW"]').fill('');
	await editor.locator('select[name="steps.0.kind"]').selectOption('call');
	await editor.locator('input[name="steps.0.id"]').fill('Confirm!');
	await editor.locator('button[data-action="save-procedure"]').click();

	await expect(page.getByTestId('procedure-problems')).toBeVisible();
	const title = editor.locator('input[name="steps.0.title.zh-TW"]');
	await expect(title).toHaveAttribute('aria-invalid', 'true');
	await expect(editor.locator('#f-steps-0-title-zh-TW-problem')).toHaveText('请填写。');
	await expect(title).toHaveAttribute('aria-describedby', 'f-steps-0-title-zh-TW-problem');
	await expect(editor.locator('#f-steps-0-phone-problem')).toHaveText('拨打电话步骤需要填写号码。');
	await expect(editor.locator('#f-steps-0-id-problem')).toHaveText('只能用小写字母、数字和 _，最多 40 个。');
	await expect(page.getByTestId('procedure-problems')).toContainText('第 1 步 · 步骤（繁體中文）：请填写。');
	// What was typed is still there to correct.
	await expect(editor.locator('input[name="steps.0.id"]')).toHaveValue('Confirm!');
	await page.screenshot({ path: 'test-results/e2e/procedure-editor-problems.png' });
	expect((await versionsOf('fire')).at(-1)!.version).toBe(before);
	await page.context().close();
});

test('the export downloads every procedure as JSON, which imports back unchanged; an invalid file shows its problems', async ({ browser }) => {
	const medical: Procedure = { ...fireProcedure('x'), id: 'medical_emergency', steps: [{ id: 'call_120', kind: 'call', phone: '120', title: { 'zh-CN': '拨打120', 'zh-TW': '撥打120', en: 'Call 120' }, required: true }] };
	await publishProcedure(app, medical);
	const page = await open(browser, '/admin/procedures');
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('procedures-export').click()]);
	expect(download.suggestedFilename()).toMatch(/^shouwang-procedures-\d{4}-\d{2}-\d{2}\.json$/);
	const file = test.info().outputPath('procedures.json');
	await download.saveAs(file);
	const exported = JSON.parse(await fs.readFile(file, 'utf8')) as Procedure[];
	// Every procedure the API has, each as its current version.
	const listed = (await (await app.api('/api/procedures')).json()) as { procedures: { id: string; versions: ProcedureVersion[] }[] };
	expect(exported.map((p) => p.id)).toEqual(listed.procedures.map((p) => p.id).sort());
	for (const p of listed.procedures) {
		const { version, publishedAt, publishedBy, ...current } = p.versions.at(-1)!;
		void version, void publishedAt, void publishedBy;
		expect(exported.find((e) => e.id === p.id)).toEqual(current);
	}
	expect(exported.find((p) => p.id === 'medical_emergency')).toEqual(medical);
	const fire = exported.find((p) => p.id === 'fire')!;
	const versions = { fire: (await versionsOf('fire')).at(-1)!.version, medical: (await versionsOf('medical_emergency')).at(-1)!.version };

	await page.getByTestId('procedures-import-file').setInputFiles(file);
	await page.locator('button[data-action="import-procedures"]').click();
	const outcome = page.getByTestId('procedures-import-outcome');
	await expect(outcome).toHaveAttribute('data-ok', 'true');
	await expect(outcome.locator('li[data-id="fire"]')).toHaveAttribute('data-result', 'unchanged');
	await expect(outcome.locator('li[data-result]')).toHaveCount(exported.length);
	await expect(outcome.locator('li[data-result="unchanged"]')).toHaveCount(exported.length);
	await expect(outcome.locator('li[data-id="fire"]')).toContainText(`无变化（与第 ${versions.fire} 版相同）`);
	expect((await versionsOf('fire')).at(-1)!.version).toBe(versions.fire);

	// One good procedure and two refused: the problems listed on their fields, none of the three published.
	const changed = { ...medical, title: { ...medical.title, en: 'Medical emergency, revised' } };
	const noPhone = { ...fire, steps: fire.steps.map((s) => (s.id === 'call_119' ? { ...s, phone: undefined } : s)) };
	const bad = test.info().outputPath('bad.json');
	await fs.writeFile(bad, JSON.stringify([changed, noPhone, { ...medical, id: 'volcano' }]));
	await page.getByTestId('procedures-import-file').setInputFiles(bad);
	await page.locator('button[data-action="import-procedures"]').click();
	await expect(outcome).toHaveAttribute('data-ok', 'false');
	await expect(outcome).toContainText('未发布任何预案');
	await expect(outcome.locator('li[data-import-index="0"]')).toHaveAttribute('data-result', 'held');
	const n = fire.steps.findIndex((s) => s.id === 'call_119') + 1;
	await expect(outcome.locator('li[data-import-index="1"] li[data-code="call_needs_phone"]')).toHaveText(`第 ${n} 步 · 拨打号码：拨打电话步骤需要填写号码。`);
	await expect(outcome.locator('li[data-import-index="2"] li[data-code="unknown_kind"]')).toHaveText('预案：不是系统支持的类型。');
	await page.screenshot({ path: 'test-results/e2e/procedures-import-refused.png', fullPage: true });
	expect((await versionsOf('medical_emergency')).at(-1)!.version).toBe(versions.medical);

	// A file that is no JSON at all says so.
	await page.getByTestId('procedures-import-file').setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from('fire: call 119') });
	await page.locator('button[data-action="import-procedures"]').click();
	await expect(outcome).toHaveText('文件不是 JSON 格式。');
	await page.context().close();
});

test('a manager reads the procedures but cannot change them; an operator does not reach them', async ({ browser }) => {
	const cookie = await signInCookie(app.baseUrl, manager, PASSWORD);
	const page = await open(browser, '/admin/procedures', { cookie, locale: 'en' });
	await expect(page.getByTestId('procedures-read-only')).toBeVisible();
	await expect(page.locator('header nav a[href="/admin/procedures"]')).toHaveText('Procedures');
	await expect(page.getByTestId('procedures-import-file')).toHaveCount(0);
	await expect(page.getByTestId('procedures-export')).toBeVisible();
	await page.locator('tr[data-procedure="fire"] a').click();
	await expect(page.getByTestId('procedure-view')).toBeVisible();
	await expect(page.getByTestId('procedure-history')).toBeVisible();
	await expect(page.getByTestId('procedure-editor')).toHaveCount(0);
	await expect(page.locator('input, textarea')).toHaveCount(0);
	await page.context().close();

	// Their browser's form posts are refused, whatever the page shows.
	const before = (await versionsOf('fire')).at(-1)!.version;
	const post = (path: string, c: string, body: FormData) => fetch(`${app.baseUrl}${path}`, { method: 'POST', headers: { cookie: c, origin: app.baseUrl }, body });
	const form = new FormData();
	form.set('title.en', 'x');
	expect((await post('/admin/procedures/fire?/save', cookie, form)).status).toBe(403);
	const file = new FormData();
	file.set('file', new Blob([JSON.stringify(fireProcedure('manager'))], { type: 'application/json' }), 'p.json');
	expect((await post('/admin/procedures?/import', cookie, file)).status).toBe(403);
	expect((await versionsOf('fire')).at(-1)!.version).toBe(before);

	const operatorCookie = await signInCookie(app.baseUrl, operator, PASSWORD);
	for (const path of ['/admin/procedures', '/admin/procedures/fire', '/admin/procedures/export']) {
		expect((await fetch(`${app.baseUrl}${path}`, { headers: { cookie: operatorCookie } })).status, path).toBe(403);
	}
	const operatorPage = await open(browser, '/', { cookie: operatorCookie, locale: 'en' });
	await expect(operatorPage.locator('header nav a[href="/admin/patrol"]')).toHaveCount(0);
	await expect(operatorPage.locator('header nav a[href="/admin/procedures"]')).toHaveCount(0);
	await operatorPage.context().close();
});

test('the editor at a desk and on a phone, in Simplified Chinese', async ({ browser }) => {
	for (const viewport of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
		const page = await open(browser, '/admin/procedures/fire', { viewport });
		await expect(page.getByTestId('procedure-editor')).toBeVisible();
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${viewport.width}: no sideways scroll`).toBe(true);
		await page.screenshot({ path: `test-results/e2e/procedure-editor-${viewport.width}.png` });
		await page.locator('#procedure-edit-title').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/e2e/procedure-editor-${viewport.width}-editing.png` });
		// The choice step, its answers and the steps that follow one of them.
		await page.locator('li[data-step-id="real_or_false"]').scrollIntoViewIfNeeded();
		await page.screenshot({ path: `test-results/e2e/procedure-editor-${viewport.width}-choice.png` });
		await page.context().close();
	}
});
