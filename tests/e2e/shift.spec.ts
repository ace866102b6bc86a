import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import { promisify } from 'node:util';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { createUser } from '../fixtures/users';
import { fireProcedure, publishProcedure } from '../fixtures/procedures';
import type { Incident } from '../../src/lib/domain/incident/model';

// A duty shift run from the console by its operators, each at their own browser: started with one
// operator (the console warns), joined by a second, the duty log written, handed over to the next
// operator with both sign-offs, and the outgoing shift's record printed by Chromium to a PDF whose
// text (poppler's pdftotext) holds its incidents, its log and both sign-offs.
const run = promisify(execFile);
let app: RunningApp;
const site = uniqueId('e2e-shift');
const PASSWORD = 'a long enough password 1';
const people = { li: '李明', wu: '吴芳', chen: '陈静', wang: '王经理' } as const;
type Who = keyof typeof people;
const ids = {} as Record<Who, string>;
const cookies = {} as Record<Who, string>;

test.beforeAll(async () => {
	app = await startApp();
	await createSite(app.sql, site);
	for (const who of Object.keys(people) as Who[]) {
		const user = await createUser(app.sql, { username: `${who}-${site}`, displayName: people[who], role: who === 'wang' ? 'manager' : 'operator', password: PASSWORD, sites: [site] });
		ids[who] = user.id;
		cookies[who] = await signInCookie(app.baseUrl, `${who}-${site}`, PASSWORD);
	}
	await publishProcedure(app, fireProcedure('E2E'));
});
test.afterAll(async () => {
	await app?.dispose();
});

/** A console signed in as `who`, in Simplified Chinese, at a control-room desk's size. */
async function openConsole(browser: Browser, who: Who): Promise<Page> {
	const context = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1920, height: 1080 } });
	const [name, value] = cookies[who].split('=');
	await context.addCookies([
		{ name: 'PARAGLIDE_LOCALE', value: 'zh-CN', url: app.baseUrl },
		{ name, value, url: app.baseUrl }
	]);
	const page = await context.newPage();
	await page.goto(`${app.baseUrl}/?site=${site}`);
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	await expect(page.getByTestId('duty-panel')).toBeVisible();
	return page;
}

const openIncident = async (kind: string): Promise<Incident> => {
	const r = await app.api('/api/incidents', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ site, kind, note: `${kind} by phone` }) });
	expect(r.status).toBe(201);
	return ((await r.json()) as { incident: Incident }).incident;
};

async function writeLog(page: Page, kind: string, text: string) {
	const form = page.getByTestId('duty-log-form');
	await form.locator('select[name=kind]').selectOption(kind);
	await form.locator('input[name=text]').fill(text);
	await form.getByRole('button').click();
	await expect(form.locator('input[name=text]')).toHaveValue('');
}

test('two operators run a shift, log it, hand it over with both sign-offs, and its record prints to a PDF holding all of it', async ({ browser }) => {
	const li = await openConsole(browser, 'li');
	const wu = await openConsole(browser, 'wu');
	const chen = await openConsole(browser, 'chen');
	const panels = [li, wu, chen].map((p) => p.getByTestId('duty-panel'));

	// No shift yet: Li starts one with the manager on duty; everyone sees it, and that one operator is not enough.
	await expect(panels[0]).toContainText('当前无人值班');
	await li.getByTestId('shift-start').locator('select').selectOption(ids.wang);
	await li.getByTestId('shift-start').getByRole('button', { name: '开始值班' }).click();
	for (const panel of panels) {
		await expect(panel).toHaveAttribute('data-shift', 'S1');
		await expect(panel.getByTestId('understaffed')).toContainText('GB 25201');
	}
	await expect(panels[1].getByTestId('on-duty')).toHaveText(people.li);
	await wu.screenshot({ path: 'test-results/e2e/shift-understaffed.png' });

	// Wu signs on from the other console: the warning goes on every console.
	await wu.getByRole('button', { name: '上岗签到' }).click();
	for (const panel of panels) await expect(panel.getByTestId('understaffed')).toHaveCount(0);
	await expect(panels[0].getByTestId('on-duty')).toContainText(people.wu);

	// Incidents during the shift, and the duty log from both consoles, live on each other's.
	const fire = await openIncident('fire');
	const medical = await openIncident('medical_emergency');
	const logs = [
		{ page: li, kind: 'call', text: '业主来电：3栋1单元有烟味，已派保安查看' },
		{ page: wu, kind: 'visitor', text: '消防检查员张工来访 10:05–10:40' },
		{ page: li, kind: 'equipment_check', text: '消防主机自检正常，备电充足' }
	];
	for (const l of logs) await writeLog(l.page, l.kind, l.text);
	for (const panel of panels) for (const l of logs) await expect(panel).toContainText(l.text);
	await expect(panels[1].locator('li[data-log]').first()).toHaveAttribute('data-kind', 'equipment_check');

	// Li prepares the handover to Chen, with the open items listed; one signature does not end it.
	await li.getByRole('button', { name: '准备交接' }).click();
	const form = li.getByTestId('handover-form');
	await form.getByRole('checkbox', { name: people.chen }).check();
	await form.locator('textarea[name=notes]').fill('3栋烟味已排查，燃气公司明早复查');
	await form.getByRole('button', { name: '列出未结事项并提交交接' }).click();
	for (const page of [li, chen]) await expect(page.getByTestId('handover')).toHaveAttribute('data-state', 'proposed');
	const handover = chen.getByTestId('handover');
	await handover.locator('summary').click();
	await expect(handover.locator(`[data-handover-incident="${fire.id}"]`)).toBeVisible();
	await expect(handover.locator(`[data-handover-incident="${medical.id}"]`)).toBeVisible();
	await expect(handover.locator(`[data-handover-checklist="${fire.id}"]`)).toBeVisible();
	// Chen is not on this shift: no outgoing signature for him; Li may not sign for the incoming side.
	await expect(handover.locator('[data-side=outgoing] button')).toHaveCount(0);
	await expect(li.getByTestId('handover').locator('[data-side=incoming] button')).toHaveCount(0);

	await li.getByRole('button', { name: '交班签字' }).click();
	for (const page of [li, chen]) await expect(page.getByTestId('handover').locator('[data-side=outgoing]')).toHaveAttribute('data-signed', 'yes');
	await expect(panels[0]).toHaveAttribute('data-shift', 'S1');
	await chen.screenshot({ path: 'test-results/e2e/shift-handover.png' });

	await chen.getByRole('button', { name: '接班签字' }).click();
	// The next shift is on duty on every console, with Chen alone on it: the warning is back.
	for (const panel of panels) {
		await expect(panel).toHaveAttribute('data-shift', 'S2');
		await expect(panel.getByTestId('last-shift')).toHaveAttribute('data-shift', 'S1');
	}
	await expect(panels[2].getByTestId('on-duty')).toHaveText(`${people.chen} （本人）`);
	await expect(panels[0].getByTestId('understaffed')).toBeVisible();

	// The outgoing shift's record, printed by Chromium from the console's link.
	const [sheet] = await Promise.all([li.context().waitForEvent('page'), panels[0].getByTestId('last-shift').getByRole('link', { name: '打印记录' }).click()]);
	await sheet.waitForLoadState();
	await expect(sheet.locator('h1')).toHaveText('值班记录 S1');
	await sheet.screenshot({ path: 'test-results/e2e/shift-record.png', fullPage: true });
	const pdfPath = 'test-results/e2e/shift-S1.pdf';
	await fs.writeFile(pdfPath, await sheet.pdf({ format: 'A4', preferCSSPageSize: true }));
	const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
	// pdftotext lays text out by position: compare without whitespace.
	const text = stdout.replace(/\s+/g, '');
	const has = (s: string) => expect(text, `the PDF's text holds "${s}"`).toContain(s.replace(/\s+/g, ''));
	has('值班记录S1');
	for (const l of logs) has(l.text);
	for (const i of [fire, medical]) has(i.id);
	has('火警');
	has('3栋烟味已排查，燃气公司明早复查');
	has(`交班签字${people.li}`);
	has(`接班签字${people.chen}`);
	has(people.wang);
	expect(text).not.toContain('未签字');
});
