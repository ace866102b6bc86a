import { expect, test, type Page } from '@playwright/test';
import { openConsole } from '../fixtures/console';
import { createSite, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { alarmBody, connectDevice, scanBody } from '../fixtures/clients';
import { wgs84ToGcj02 } from '../../src/lib/domain/gcj02';
import { TOWERS, toLngLat } from '../../src/lib/server/demo/estate-plan';
import { buildFloorPlans } from '../../src/lib/server/demo/estate-floor-plans';

// The site map's own layers, beyond a single marker: clusters that carry the worst state
// inside them, checkpoints, and floor plans.
let app: RunningApp;
let site: string;

const name = (s: string) => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const square = (x: number, y: number, d: number) => [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]];
const point = (id: string, at: [number, number], properties: Record<string, unknown>) => ({
	type: 'Feature',
	geometry: { type: 'Point', coordinates: at },
	properties: { id, name: name(id), ...properties }
});
const detector = (id: string, at: [number, number], floor: number) =>
	point(id, at, { kind: 'alarm_point', device: 'FAP-1', type: 'smoke', zone: `T1-${floor}F`, building: 'T1', floor });

// One tower with three detectors a metre or two apart (they overlap at any useful zoom), one
// detector across the estate, and two checkpoints.
const plan = {
	type: 'FeatureCollection',
	features: [
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.15, 30.28, 0.002) }, properties: { kind: 'boundary', id: 'b', name: name('边界') } },
		{ type: 'Feature', geometry: { type: 'Polygon', coordinates: square(120.1505, 30.2805, 0.0004) }, properties: { kind: 'building', id: 'T1', name: name('1 号楼'), floors: 18, units: 2 } },
		detector('T1/det-1', [120.15070, 30.28070], 1),
		detector('T1/det-2', [120.15072, 30.28071], 2),
		detector('T1/det-3', [120.15071, 30.28069], 2),
		detector('far/det-9', [120.1515, 30.2815], 1),
		{ ...point('CP-01', [120.1503, 30.2803], { kind: 'checkpoint' }), properties: { kind: 'checkpoint', id: 'CP-01', name: { 'zh-CN': '南门岗亭', 'zh-TW': '南門崗亭', en: 'South gatehouse' } } },
		point('CP-02', [120.1512, 30.2818], { kind: 'checkpoint', building: 'T1', floor: 1 })
	]
};

test.beforeAll(async () => {
	app = await startApp();
	site = uniqueId('e2e-map');
	await createSite(app.sql, site, 'Asia/Shanghai', plan);
});
test.afterAll(async () => {
	await app?.dispose();
});


async function acknowledge(id: string, disposition?: string) {
	const r = await app.api(`/api/incidents/${encodeURIComponent(id)}/ack`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(disposition ? { disposition } : {})
	});
	expect(r.status).toBe(200);
}

test('incidents at nearby points cluster; the cluster shows the worst severity and pulses while one is new', async ({ browser }) => {
	const { page, foreign } = await openConsole(browser, app, 'en');
	const device = await connectDevice(app.mqttUrl, await app.device(site, 'FAP-1', 'fire_panel'));
	try {
		// A still view: following would fly to the critical one, and mid-flight a cluster is drawn at two zooms.
		await page.getByLabel('Follow new critical incidents').uncheck();
		await device.publish('alarms', alarmBody('map-1', { point: 'T1/det-1', type: 'smoke', severity: 'major' }));
		await device.publish('alarms', alarmBody('map-2', { point: 'T1/det-2', type: 'water_leak', severity: 'minor' }));
		const clusters = page.locator('.incident-cluster');
		// Exactly one cluster, with these attributes. Counted, not read: while the map zooms, the
		// cluster plugin briefly draws a cluster at both zoom levels, and counting waits that out.
		const expectCluster = async (count: number, severity: string, pulsing: boolean) => {
			await expect(clusters).toHaveCount(1);
			await expect(page.locator(`.incident-cluster[data-count="${count}"][data-severity="${severity}"]${pulsing ? '.pulsing' : ':not(.pulsing)'}`)).toHaveCount(1);
		};
		await expectCluster(2, 'major', true);
		// Clustered, the markers themselves are off the map.
		await expect(page.locator('.incident-marker')).toHaveCount(0);

		// A critical incident joins the cluster in place and takes it over.
		await device.publish('alarms', alarmBody('map-3', { point: 'T1/det-3', type: 'fire', severity: 'critical' }));
		// The far detector's incident stays a marker of its own.
		await device.publish('alarms', alarmBody('map-4', { point: 'far/det-9', type: 'intrusion', severity: 'warning' }));
		await expectCluster(3, 'critical', true);
		await expect(page.locator('.incident-marker[data-severity="warning"]')).toHaveCount(1);
		await expect(page.locator('.incident-marker[data-severity="warning"]')).toHaveClass(/pulsing/);
		await page.screenshot({ path: 'test-results/e2e/map-cluster-new.png' });

		// Acknowledged one by one: the cluster pulses until the last one inside is, and keeps its worst colour.
		const rows = page.locator('.queue button[data-incident-id]');
		await expect(rows).toHaveCount(4);
		const idOf = async (kind: string) => (await rows.filter({ hasText: kind }).getAttribute('data-incident-id'))!;
		const ids = { major: await idOf('Smoke'), minor: await idOf('Water leak'), critical: await idOf('Fire') };
		await acknowledge(ids.critical, 'real');
		await acknowledge(ids.minor);
		await expect(page.locator(`.queue button[data-incident-id="${ids.minor}"]`)).toHaveAttribute('data-status', 'acknowledged');
		await expectCluster(3, 'critical', true);
		await acknowledge(ids.major);
		await expectCluster(3, 'critical', false);

		// Selected from the queue, a clustered incident is brought out of its cluster and marked.
		await rows.filter({ hasText: 'Water leak' }).click();
		const chosen = page.locator(`.incident-marker[data-incident-id="${ids.minor}"]`);
		await expect(chosen).toBeVisible();
		await expect(chosen).toHaveClass(/selected/);
		await expect(chosen).toHaveAttribute('data-severity', 'minor');
		await page.screenshot({ path: 'test-results/e2e/map-cluster-selected.png' });
		// And a click on the marker itself still selects (here: keeps) it.
		await chosen.click();
		await expect(page.locator('section.details')).toContainText('T1/det-2');
	} finally {
		await device.close();
		await page.context().close();
	}
	expect(foreign).toEqual([]);
});

test('checkpoints are drawn as their own markers, named in the reader\'s language, and a layer control hides them', async ({ browser }) => {
	const { page, foreign } = await openConsole(browser, app, 'zh-TW');
	try {
		const checkpoints = page.locator('.checkpoint-marker');
		await expect(checkpoints).toHaveCount(2);
		const south = page.locator('.checkpoint-marker[data-checkpoint-id="CP-01"]');
		await south.hover();
		await expect(page.locator('.leaflet-tooltip:not(.plan-label)')).toHaveText('南門崗亭');
		// Not an incident, and not an alarm point's dot.
		await expect(south).not.toHaveClass(/incident-marker/);

		const control = page.locator('.leaflet-control-layers');
		await expect(control).toContainText('巡更點');
		await expect(control).toContainText('報警點位');
		await control.getByLabel('巡更點').uncheck();
		await expect(checkpoints).toHaveCount(0);
		await control.getByLabel('巡更點').check();
		await expect(checkpoints).toHaveCount(2);
		await page.screenshot({ path: 'test-results/e2e/map-checkpoints-zh-TW.png' });
	} finally {
		await page.context().close();
	}
	expect(foreign).toEqual([]);
});

test('guards stand at the checkpoint of their last scan, from the page load and live, named from the site bundle', async ({ browser }) => {
	await app.sql`update site set guards = ${app.sql.json([{ id: 'G-017', name: { 'zh-CN': '王建国', 'zh-TW': '王建國', en: 'Wang Jianguo' } }] as never)} where id = ${site}`;
	const handheld = await connectDevice(app.mqttUrl, await app.device(site, 'HH-01', 'guard_handheld'));
	try {
		await handheld.publish('scans', scanBody('guard-scan-1', { guard: 'G-017', checkpoint: 'CP-01' }));
		await handheld.receiptFor('guard-scan-1');
		const { page, foreign } = await openConsole(browser, app, 'zh-CN');
		try {
			const wang = page.locator('.guard-badge[data-guard-id="G-017"]');
			await expect(wang).toHaveText('王');
			await expect(wang).toHaveAttribute('data-silent', 'false');
			const centre = async (l: ReturnType<Page['locator']>) => {
				const b = (await l.boundingBox())!;
				return [b.x + b.width / 2, b.y + b.height / 2];
			};
			// Both markers move together while the map settles (fit and zoom animations): compare until it has.
			const apart = async (checkpoint: string) => {
				const [[gx, gy], [cx, cy]] = await Promise.all([centre(wang), centre(page.locator(`.checkpoint-marker[data-checkpoint-id="${checkpoint}"]`))]);
				return Math.hypot(gx - cx, gy - cy);
			};
			await expect.poll(() => apart('CP-01'), { timeout: 3000 }).toBeLessThan(3);
			// The feed names him and the checkpoint from the bundle and the plan, too.
			await expect(page.locator('tr[data-event-id="guard-scan-1"]')).toContainText('王建国');
			await expect(page.locator('tr[data-event-id="guard-scan-1"]')).toContainText('南门岗亭');
			await wang.hover();
			await expect(page.locator('.leaflet-tooltip:not(.plan-label)')).toContainText('王建国');
			await expect(page.locator('.leaflet-tooltip:not(.plan-label)')).toContainText('南门岗亭');

			// Live: a scan elsewhere moves him, and another guard (not in the bundle) appears by id.
			await handheld.publish('scans', scanBody('guard-scan-2', { guard: 'G-017', checkpoint: 'CP-02' }));
			await handheld.publish('scans', scanBody('guard-scan-3', { guard: 'G-099', checkpoint: 'CP-01' }));
			await expect(page.locator('.guard-badge[data-guard-id="G-099"]')).toHaveText('G', { timeout: 2000 });
			await expect.poll(() => apart('CP-02'), { timeout: 2000 }).toBeLessThan(3);
			await page.screenshot({ path: 'test-results/e2e/map-guards.png' });
			const control = page.locator('.leaflet-control-layers');
			await control.getByLabel('保安').uncheck();
			await expect(page.locator('.guard-badge')).toHaveCount(0);
		} finally {
			await page.context().close();
		}
		expect(foreign).toEqual([]);
	} finally {
		await handheld.close();
	}
});

/** The slippy-map tile holding a position at zoom z. */
function tileOf([lng, lat]: [number, number], z: number): string {
	const n = 2 ** z;
	const r = (lat * Math.PI) / 180;
	return `${Math.floor(((lng + 180) / 360) * n)}/${Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)}`;
}

test('with GCJ-02 tiles configured, the plan is shifted onto them: the tiles asked for are those under the shifted estate', async ({ browser }) => {
	const tiled = await startApp({
		env: { MAP_TILE_URL: 'http://tiles.test/{z}/{x}/{y}.png', MAP_TILE_COORDS: 'gcj02', MAP_TILE_ATTRIBUTION: '<b>Test tiles</b>' }
	});
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	try {
		const tiledSite = uniqueId('e2e-tiles');
		await createSite(tiled.sql, tiledSite, 'Asia/Shanghai', plan);
		const [cookieName, value] = tiled.cookie.split('=');
		await context.addCookies([{ name: cookieName, value, url: tiled.baseUrl }]);
		const asked: string[] = [];
		// A 1×1 transparent PNG: the tile server exists only in this test.
		const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
		await context.route('http://tiles.test/**', (route) => {
			asked.push(new URL(route.request().url()).pathname.replace(/\.png$/, '').slice(1));
			return route.fulfill({ status: 200, contentType: 'image/png', body: png });
		});
		const page = await context.newPage();
		await page.goto(tiled.baseUrl);
		await expect(page.locator('.leaflet-tile-loaded').first()).toBeAttached();
		// The attribution is shown as text, never as markup.
		await expect(page.locator('.leaflet-control-attribution')).toHaveText('<b>Test tiles</b>');

		const z = Math.max(...asked.map((t) => Number(t.split('/')[0])));
		const atZ = asked.filter((t) => t.startsWith(`${z}/`)).map((t) => t.slice(t.indexOf('/') + 1));
		const centre: [number, number] = [120.151, 30.281];
		expect(atZ).toContain(tileOf(wgs84ToGcj02(centre), z));
		// Unshifted, the estate would be some 500 m away, tiles that are not in view.
		expect(atZ).not.toContain(tileOf(centre, z));
		await expect(page.locator('.checkpoint-marker')).toHaveCount(2);
	} finally {
		await context.close();
		await tiled.dispose();
	}
});

test('the floor switcher shows a floor plan over its tower and dims the incidents on other floors', async ({ browser }) => {
	// The demo's tower 1 with its floor plans (as a site bundle stores them) and a detector on each of two floors.
	// On the file's own app: a second app on a shared (external) broker would answer these devices too.
	const floored = app;
	const flooredSite = uniqueId('floors');
	const t = TOWERS[0];
	const around = (dx: number, dy: number) => toLngLat(t.x + dx, t.y + dy);
	const floorPlan = {
		type: 'FeatureCollection',
		features: [
			{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[around(-30, -20), around(30, -20), around(30, 20), around(-30, 20), around(-30, -20)]] }, properties: { kind: 'boundary', id: 'b', name: name('边界') } },
			{ type: 'Feature', geometry: { type: 'Polygon', coordinates: [[around(-16, -8), around(16, -8), around(16, 8), around(-16, 8), around(-16, -8)]] }, properties: { kind: 'building', id: t.id, name: { 'zh-CN': '1栋', 'zh-TW': '1棟', en: 'Tower 1' }, floors: 26, units: 2 } },
			point('T1/mcp-1F', around(-12, -4), { kind: 'alarm_point', device: 'FAP-1', type: 'fire', zone: 'B1-1F', building: t.id, floor: 1 }),
			point('T1/det-2F', around(8, 2), { kind: 'alarm_point', device: 'FAP-1', type: 'smoke', zone: 'B1-2F', building: t.id, floor: 2 })
		]
	};
	await createSite(floored.sql, flooredSite, 'Asia/Shanghai', floorPlan);
	await floored.sql`update site set floor_plans = ${floored.sql.json(buildFloorPlans() as never)} where id = ${flooredSite}`;
	const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
	const [cookieName, value] = floored.cookie.split('=');
	await context.addCookies([{ name: cookieName, value, url: floored.baseUrl }]);
	const page = await context.newPage();
	const foreign: string[] = [];
	page.on('request', (r) => {
		if (!['127.0.0.1', 'localhost'].includes(new URL(r.url()).hostname) && !r.url().startsWith('data:')) foreign.push(r.url());
	});
	await page.goto(`${floored.baseUrl}/?site=${flooredSite}`);
	await expect(page.locator('[data-connection]')).not.toHaveAttribute('data-connection', /connecting|reconnecting/);
	const device = await connectDevice(floored.mqttUrl, await floored.device(flooredSite, 'FAP-1', 'fire_panel'));
	try {
		await device.publish('alarms', alarmBody('floor-1', { point: 'T1/mcp-1F', type: 'fire', severity: 'minor' }));
		await device.publish('alarms', alarmBody('floor-2', { point: 'T1/det-2F', type: 'smoke', severity: 'warning' }));
		expect((await device.receiptFor('floor-2')).status).toBe('stored');
		const first = page.locator('.incident-marker[data-severity="minor"]');
		const second = page.locator('.incident-marker[data-severity="warning"]');
		await expect(first).toBeVisible();
		await expect(second).toBeVisible();

		const switcher = page.locator('.floor-switcher select');
		await expect(switcher.locator('option')).toHaveText(['Ground plan (no floor)', 'Tower 1 · 1F', 'Tower 1 · 2F', 'P1 · B1']);
		await switcher.selectOption({ label: 'Tower 1 · 2F' });
		const image = page.locator('img.floor-plan-image');
		await expect(image).toHaveCount(1);
		await expect(image).toHaveAttribute('data-floor', '2');
		await expect(image).toHaveAttribute('src', '/floor-plans/demo-estate/B01-2F.svg');
		// Loaded, not just placed: a missing file would leave it zero-sized.
		await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
		await expect(first).toHaveClass(/other-floor/);
		await expect(second).not.toHaveClass(/other-floor/);
		await page.screenshot({ path: 'test-results/e2e/map-floor-2F.png' });

		await switcher.selectOption({ label: 'Tower 1 · 1F' });
		await expect(image).toHaveAttribute('data-floor', '1');
		await expect(first).not.toHaveClass(/other-floor/);
		await expect(second).toHaveClass(/other-floor/);

		await switcher.selectOption({ label: 'Ground plan (no floor)' });
		await expect(image).toHaveCount(0);
		await expect(page.locator('.incident-marker.other-floor')).toHaveCount(0);
	} finally {
		await device.close();
		await context.close();
	}
	expect(foreign).toEqual([]);
});
