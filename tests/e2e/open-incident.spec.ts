import { expect, test } from '@playwright/test';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { openConsole } from '../fixtures/console';
import { importBundle } from '../fixtures/projections-check';
import { fireProcedure, publishProcedure } from '../fixtures/procedures';
import type { Procedure, Text } from '../../src/lib/domain/procedure/model';
import type { SiteBundle } from '../../src/lib/domain/site/model';

// An operator takes a call: opens a medical emergency at a room from the console's dialog, walking
// the site's place tree, and it is queued, selected and given its procedure. Then a fire drill on
// an alarm point of the plan. The dialogs keep the console's shortcuts out, close on Esc, and say
// in the operator's language why the server refused.
let app: RunningApp;
const site = uniqueId('e2e-open');

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const t = (en: string, zh: string): Text => ({ 'zh-CN': zh, 'zh-TW': zh, en });

function estate(places: SiteBundle['places']): SiteBundle {
	return {
		site: { id: site, name: name(`Estate ${site}`), address: name('1 Road'), timeZone: 'Asia/Shanghai', center: [120.15, 30.28] },
		devices: [{ id: 'FAP-9', kind: 'fire_panel', name: name('Fire panel') }],
		guards: [],
		places,
		plan: {
			type: 'FeatureCollection',
			features: [
				{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[[120.15, 30.28], [120.151, 30.28], [120.151, 30.281], [120.15, 30.28]]] }, properties: { kind: 'building', id: 'T1', name: name('1 号楼'), floors: 3, units: 2 } },
				{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.1505, 30.2805] }, properties: { kind: 'alarm_point', id: 'loop1/det-1', name: name('大堂烟感'), device: 'FAP-9', type: 'fire', zone: 'Lobby' } }
			]
		}
	} as SiteBundle;
}

const medical: Procedure = {
	id: 'medical_emergency',
	title: t('Medical emergency (e2e)', '急救（端到端）'),
	summary: t('A resident needs a doctor', '住户需要医疗救助'),
	steps: [
		{ id: 'call_120', kind: 'call', phone: '120', title: t('Call 120', '拨打120'), required: true, limitMinutes: 2 },
		{ id: 'send_guard', kind: 'check', title: t('Send a guard with the AED', '派保安携带除颤仪到场'), required: true }
	]
};

test.beforeAll(async () => {
	app = await startApp();
	await importBundle(app.sql, estate([{ building: 'T1', units: [{ id: '1', floors: [-1, 3], roomsPerFloor: 2 }, { id: '2', floors: [1, 3], roomsPerFloor: 2 }] }]));
	await publishProcedure(app, medical);
	await publishProcedure(app, fireProcedure('drill'));
});
test.afterAll(async () => {
	await app?.dispose();
});

test('a medical emergency opened at a room from the dialog is queued, selected and given its checklist', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'zh-CN', `/?site=${site}`);
	const opener = page.locator('button[data-action="open-incident"]');
	await opener.click();
	const dialog = page.getByTestId('open-incident-dialog');
	await expect(dialog).toBeVisible();
	await expect(dialog.getByRole('heading', { name: '新建事件' })).toBeVisible();
	// The first field has the focus: the form is usable from the keyboard at once.
	await expect(dialog.locator('select[name="kind"]')).toBeFocused();
	await dialog.locator('select[name="kind"]').selectOption('medical_emergency');
	await dialog.locator('select[name="severity"]').selectOption('critical');

	// The tree, one level at a time: buildings, then the chosen building's units, floors, rooms.
	await expect(dialog.locator('select[data-place-level="unit"]')).toHaveCount(0);
	await dialog.locator('select[data-place-level="building"]').selectOption('T1');
	await expect(dialog.locator('select[data-place-level="building"] option:checked')).toHaveText('1 号楼');
	await dialog.locator('select[data-place-level="unit"]').selectOption('T1-1');
	await dialog.locator('select[data-place-level="floor"]').selectOption('T1-1-2F');
	await dialog.locator('select[data-place-level="room"]').selectOption('T1-1-201');
	await expect(dialog.getByTestId('place-chosen')).toHaveText('位置：1 号楼 · 1 单元 · 2F · 201');
	// Underground floors have no rooms: choosing one offers no room level.
	await dialog.locator('select[data-place-level="floor"]').selectOption('T1-1-B1');
	await expect(dialog.locator('select[data-place-level="room"]')).toHaveCount(0);
	await dialog.locator('select[data-place-level="floor"]').selectOption('T1-1-2F');
	await dialog.locator('select[data-place-level="room"]').selectOption('T1-1-201');
	await dialog.locator('textarea[name="note"]').fill('住户来电：老人摔倒');
	await page.screenshot({ path: 'test-results/e2e/open-incident-dialog.png' });
	await dialog.locator('button[data-action="open-incident-submit"]').click();

	await expect(dialog).toBeHidden();
	const row = page.locator('.queue button.selected');
	await expect(row).toBeVisible();
	const id = (await row.getAttribute('data-incident-id'))!;
	expect(id).toMatch(new RegExp(`^${site}:\\d+$`));
	await expect(row).toContainText('急救');
	const details = page.locator(`section.details[data-incident-id="${id}"]`);
	await expect(details).toBeVisible();
	await expect(details.getByTestId('incident-place')).toHaveText('T1-1-201');
	await expect(details).toContainText('住户来电：老人摔倒');
	const checklist = page.getByTestId('checklist');
	await expect(checklist).toBeVisible();
	await expect(checklist.locator('[data-step]')).toHaveCount(2);
	await expect(checklist).toContainText('拨打120');
	// Focus went back to the button that opened the dialog.
	await expect(opener).toBeFocused();

	// Keys typed in the dialog stay in it: `A` would acknowledge the selected incident, Esc deselect it.
	await opener.click();
	await expect(dialog).toBeVisible();
	await dialog.locator('button[aria-label="关闭"]').focus();
	await page.keyboard.press('a');
	await page.keyboard.press('ArrowDown');
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
	await expect(page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveClass(/selected/);
	await expect(page.locator(`.queue button[data-incident-id="${id}"]`)).toHaveAttribute('data-status', 'new');
	await page.context().close();
});

test('a refusal is shown in the dialog in the operator’s language', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'zh-CN', `/?site=${site}`);
	await page.locator('button[data-action="open-incident"]').click();
	const dialog = page.getByTestId('open-incident-dialog');
	await dialog.locator('select[data-place-level="building"]').selectOption('T1');
	await dialog.locator('select[data-place-level="unit"]').selectOption('T1-2');
	// Meanwhile the site's places are re-imported without unit 2: the place chosen no longer exists.
	await importBundle(app.sql, estate([{ building: 'T1', units: [{ id: '1', floors: [-1, 3], roomsPerFloor: 2 }] }]), true);
	await dialog.locator('button[data-action="open-incident-submit"]').click();
	const refused = dialog.getByTestId('opening-refused');
	await expect(refused).toHaveAttribute('data-reason', 'unknown_place');
	await expect(refused).toHaveText(/该位置不属于此小区/);
	await expect(dialog).toBeVisible();
	// Chosen again from the list as it is now, it opens.
	await page.keyboard.press('Escape');
	await page.locator('button[data-action="open-incident"]').click();
	await dialog.locator('select[data-place-level="building"]').selectOption('T1');
	await expect(dialog.locator('select[data-place-level="unit"] option')).toHaveText(['（不指定）', '1 单元']);
	await dialog.locator('button[data-action="open-incident-submit"]').click();
	await expect(dialog).toBeHidden();
	await expect(page.locator('.queue button.selected')).toBeVisible();
	await page.context().close();
});

test('a drill started on an alarm point is queued as a drill with its banner and checklist', async ({ browser }) => {
	const { page } = await openConsole(browser, app, 'en', `/?site=${site}`);
	await page.locator('button[data-action="start-drill"]').click();
	const dialog = page.getByTestId('start-drill-dialog');
	await expect(dialog.getByRole('heading', { name: 'Start a drill' })).toBeVisible();
	await expect(dialog.locator('select[name="device"]')).toBeFocused();
	await expect(dialog.locator('select[name="device"]')).toHaveValue('FAP-9');
	await dialog.locator('select[name="point"]').selectOption('loop1/det-1');
	// The point's alarm type picks the procedure; the operator may pick any other.
	await expect(dialog.locator('select[name="procedure"]')).toHaveValue('fire');
	await dialog.locator('textarea[name="note"]').fill('Quarterly fire drill');
	await page.screenshot({ path: 'test-results/e2e/start-drill-dialog.png' });
	await dialog.locator('button[data-action="start-drill-submit"]').click();

	await expect(dialog).toBeHidden();
	const row = page.locator('.queue button.selected');
	await expect(row).toHaveAttribute('data-drill', 'true');
	const id = (await row.getAttribute('data-incident-id'))!;
	await expect(page.locator(`section.details[data-incident-id="${id}"]`).getByTestId('drill-banner')).toBeVisible();
	await expect(page.getByTestId('checklist')).toContainText('Fire alarm drill');
	const stored = (await (await app.api(`/api/incidents/${encodeURIComponent(id)}`)).json()) as { incident: { drill?: boolean; opened?: { target: unknown } } };
	expect(stored.incident.drill).toBe(true);
	expect(stored.incident.opened?.target).toEqual({ device: 'FAP-9', point: 'loop1/det-1' });
	await page.screenshot({ path: 'test-results/e2e/start-drill-done.png' });
	await page.context().close();
});
