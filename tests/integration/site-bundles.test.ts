import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { buildDemoEstate } from '../../src/lib/server/demo/estate';
import { writeBundleFiles, type BundleFiles, type BundleProblem } from '../../src/lib/domain/site/bundle/bundle';

// A site's model travels as a bundle of two files. Over the API, the admin page and the command
// line: a valid bundle imported and exported again comes back byte for byte; a bundle with an
// error is refused whole, with each problem placed by file, line, feature and field.
let app: RunningApp;
beforeAll(async () => {
	app = await startApp();
});
afterAll(async () => {
	await app?.dispose();
});

/** The demo estate under a fresh id, as its canonical files. */
function estateFiles(site: string): BundleFiles {
	const bundle = buildDemoEstate();
	bundle.site.id = site;
	return writeBundleFiles(bundle);
}

function upload(files: BundleFiles, extra: Record<string, string> = {}): FormData {
	const form = new FormData();
	form.set('site', new Blob([files.site], { type: 'application/json' }), 'site.json');
	form.set('plan', new Blob([files.plan], { type: 'application/geo+json' }), 'plan.geojson');
	for (const [k, v] of Object.entries(extra)) form.set(k, v);
	return form;
}

const putBundle = (site: string, files: BundleFiles, query = '', headers: Record<string, string> = {}) =>
	app.api(`/api/sites/${site}/bundle${query}`, { method: 'PUT', body: JSON.stringify(files), headers: { 'content-type': 'application/json', ...headers } });

async function exportFiles(site: string): Promise<BundleFiles> {
	const get = async (file: string) => {
		const r = await app.api(`/api/sites/${site}/bundle/${file}`);
		expect(r.status, file).toBe(200);
		expect(r.headers.get('content-disposition')).toBe(`attachment; filename="${site}-${file}"`);
		return await r.text();
	};
	return { site: await get('site.json'), plan: await get('plan.geojson') };
}

/** The plan with one building's `floors` made a string, and where that line is. */
function breakFloors(files: BundleFiles, building: string): { files: BundleFiles; line: number } {
	const at = files.plan.indexOf(`"id": "${building}"`);
	const floorsAt = files.plan.indexOf('"floors"', at);
	const plan = files.plan.slice(0, floorsAt) + files.plan.slice(floorsAt).replace(/"floors": \d+/, '"floors": "twenty-six"');
	return { files: { ...files, plan }, line: files.plan.slice(0, floorsAt).split('\n').length };
}

describe('site bundles', () => {
	it('round-trips: import, export, import again, export again: the same bytes, places expanded, the import in the log', async () => {
		const site = uniqueId('bundle');
		const files = estateFiles(site);
		const created = await putBundle(site, files);
		expect(created.status).toBe(201);
		const exported = await exportFiles(site);
		expect(exported).toEqual(files);

		// Importing the export over the site needs ?replace=true, and changes nothing.
		expect((await putBundle(site, exported)).status).toBe(409);
		const replaced = await putBundle(site, exported, '?replace=true');
		expect(replaced.status).toBe(200);
		expect(await exportFiles(site)).toEqual(files);

		const [{ rooms }] = await app.sql<{ rooms: number }[]>`select count(*)::int as rooms from place where site = ${site} and kind = 'room'`;
		const expectedRooms = buildDemoEstate().places!.reduce((n, b) => n + b.units.reduce((k, u) => k + u.roomsPerFloor * (u.floors[1] - Math.max(1, u.floors[0]) + 1), 0), 0);
		expect(rooms).toBe(expectedRooms);
		const room = await app.sql`select kind, parent, building, unit, floor, room from place where site = ${site} and id = 'B01-2-1802'`;
		expect(room).toEqual([{ kind: 'room', parent: 'B01-2-18F', building: 'B01', unit: '2', floor: 18, room: '1802' }]);

		const events = await app.sql<{ type: string; source_kind: string; data: { replaced: boolean; features: number; sha256: string } }[]>`
			select type, source_kind, data from event where stream = ${site} and type = 'SiteImported' order by seq`;
		expect(events.map((e) => [e.source_kind, e.data.replaced, e.data.features])).toEqual([
			['user', false, buildDemoEstate().plan.features.length],
			['user', true, buildDemoEstate().plan.features.length]
		]);
		expect(events[0].data.sha256).toBe(events[1].data.sha256);
	});

	it('refuses a bundle with an error, naming the file, line, feature and field, and stores nothing', async () => {
		const site = uniqueId('bad-bundle');
		const { files, line } = breakFloors(estateFiles(site), 'B02');
		const r = await putBundle(site, files);
		expect(r.status).toBe(400);
		const body = (await r.json()) as { reason: string; problems: BundleProblem[] };
		expect(body.reason).toBe('invalid_bundle');
		expect(body.problems).toHaveLength(1);
		expect(body.problems[0]).toMatchObject({ file: 'plan.geojson', line, feature: { kind: 'building', id: 'B02' }, field: 'properties.floors' });
		expect(await app.sql`select 1 from site where id = ${site}`).toHaveLength(0);
		expect((await app.api(`/api/sites/${site}/bundle/site.json`)).status).toBe(404);

		// A bundle sent to another site's address is refused on site.id.
		const other = await putBundle(uniqueId('elsewhere'), estateFiles(site));
		expect(other.status).toBe(400);
		expect(((await other.json()) as { problems: BundleProblem[] }).problems[0]).toMatchObject({ file: 'site.json', field: 'site.id' });
	});

	it('the admin page lists the problems in the reader’s language, and imports a valid bundle', async () => {
		const site = uniqueId('page-bundle');
		const { files, line } = breakFloors(estateFiles(site), 'B07');
		// As a browser without JavaScript sends the form: the answer is the page, in the reader's language.
		const inLocale = (locale: string) => ({ origin: app.baseUrl, accept: 'text/html', cookie: `${app.cookie}; PARAGLIDE_LOCALE=${locale}` });
		const post = (form: FormData) => fetch(`${app.baseUrl}/admin/sites?/import`, { method: 'POST', body: form, headers: inLocale('zh-CN') });
		const refused = await post(upload(files));
		expect(refused.status).toBe(400);
		const html = await refused.text();
		expect(html).toContain('资料包有 1 处错误，未导入任何内容');
		expect(html).toMatch(new RegExp(`data-file="plan.geojson" data-line="${line}" data-field="properties.floors"`));
		expect(html).toContain('building B07');
		// zod's own message, in Chinese.
		expect(html).toContain('无效输入：期望 数字');

		const accepted = await post(upload(estateFiles(site)));
		expect(accepted.status).toBe(200);
		expect(await accepted.text()).toContain(`已新建站点 ${site}`);
		const listed = await (await fetch(`${app.baseUrl}/admin/sites`, { headers: inLocale('en') })).text();
		expect(listed).toMatch(new RegExp(`data-site="${site}"[\\s\\S]*?129 plan features · 9 devices · \\d+ places · 3 floor plans`));
	});

	it('the command line checks, exports and imports the same bundles', async () => {
		const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'shouwang-bundle-'));
		try {
			const site = uniqueId('cli-bundle');
			expect((await putBundle(site, estateFiles(site))).status).toBe(201);
			const env = { ...process.env, DATA_DIR: app.dataDir, ...(app.databaseUrl ? { DATABASE_URL: app.databaseUrl } : { DATABASE_URL: '' }) };
			const cli = (...args: string[]) => spawnSync('npx', ['tsx', 'scripts/site.ts', ...args], { env, encoding: 'utf8' });

			const exported = cli('export', site, dir);
			expect(exported.stderr + exported.stdout).toContain('wrote');
			expect({ site: await fs.readFile(path.join(dir, 'site.json'), 'utf8'), plan: await fs.readFile(path.join(dir, 'plan.geojson'), 'utf8') }).toEqual(estateFiles(site));

			expect(cli('import', dir).status).toBe(2);
			const replaced = cli('import', dir, '--replace');
			expect(replaced.stdout).toContain(`replaced site ${site}`);
			const [last] = await app.sql<{ source_id: string }[]>`select source_id from event where stream = ${site} and type = 'SiteImported' order by seq desc limit 1`;
			expect(last.source_id).toMatch(/^cli:/);

			const { files, line } = breakFloors(estateFiles(site), 'B01');
			await fs.writeFile(path.join(dir, 'plan.geojson'), files.plan);
			const checked = cli('check', dir);
			expect(checked.status).toBe(1);
			expect(checked.stderr).toContain(`${path.join(dir, 'plan.geojson')}:${line}:`);
			expect(checked.stderr).toMatch(/building "B01" \(feature \d+\) properties\.floors: /);
		} finally {
			await fs.rm(dir, { recursive: true, force: true });
		}
	});
});
