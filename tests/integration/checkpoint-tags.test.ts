import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteBundle } from '../../src/lib/domain/site/model';
import { signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { importBundle } from '../fixtures/projections-check';
import { decodeQrCodes, rasteriseSvg } from '../fixtures/qr-decoder';
import { createUser } from '../fixtures/users';

// The printable tag sheet as the product serves it: every QR code on it, drawn from the served
// SVG and read by the guard page's own decoder (zxing-wasm), holds exactly its checkpoint's URL;
// names are the reader's language (or ?lang=), escaped; a route's sheet holds its stops in order.
describe('checkpoint tag sheet', () => {
	let app: RunningApp;
	const site = uniqueId('tags');
	const other = uniqueId('tags-other');
	const PASSWORD = 'tags-password-1';
	const localized = (zhCN: string, zhTW: string, en: string) => ({ 'zh-CN': zhCN, 'zh-TW': zhTW, en });
	// 26 checkpoints: two A4 sheets (24 a sheet); one named with HTML's special characters.
	const checkpoints = [
		{ id: 'CP-01', name: localized('1号楼大堂', '1號樓大堂', 'Block 1 lobby') },
		{ id: 'CP-02', name: localized('地下车库 B1', '地下車庫 B1', 'Garage B1') },
		{ id: 'CP_03', name: localized('水泵房', '水泵房', 'Pump room <b>&"\'') },
		...Array.from({ length: 23 }, (_, n) => ({ id: `P${n + 4}`, name: localized(`巡更点 ${n + 4}`, `巡更點 ${n + 4}`, `Checkpoint ${n + 4}`) }))
	];
	const at = (n: number): [number, number] => [120.15 + n * 0.0002, 30.28];
	const route = ['CP-02', 'P5', 'CP-01', 'P5'];

	const urlOf = (checkpoint: string) => `${app.baseUrl}/guard/c/${site}/${checkpoint}`;
	const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
	const sheetPath = (query = '') => `/api/sites/${site}/checkpoints/tags${query}`;

	/** Each label's code, name and QR code SVG, in page order. */
	function labelsOf(html: string) {
		const label = /<div class="label" data-checkpoint="[^"]*" data-url="[^"]*"><div class="qr">(<svg [\s\S]*?<\/svg>)<\/div><div class="text"><p class="name">([^<]*)<\/p><p class="code">([^<]*)<\/p>/g;
		return [...html.matchAll(label)].map(([, svg, name, code]) => ({ svg, name: unescape(name), code: unescape(code) }));
	}

	/** Every label's QR code decodes to its own checkpoint's URL, and to nothing else. */
	async function expectCodesDecode(labels: { svg: string; code: string }[]) {
		for (const l of labels) {
			const image = rasteriseSvg(l.svg, 300);
			expect(await decodeQrCodes(image), `the QR code of ${l.code}`).toEqual([urlOf(l.code)]);
		}
	}

	beforeAll(async () => {
		app = await startApp();
		await importBundle(app.sql, {
			site: { id: site, name: localized('守望花园', '守望花園', 'Watch Garden'), address: localized('测试路 1 号', '測試路 1 號', '1 Test Road'), timeZone: 'Asia/Shanghai', center: at(0) },
			devices: [],
			guards: [],
			plan: {
				type: 'FeatureCollection',
				features: [
					...checkpoints.map((c, n) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: at(n) }, properties: { kind: 'checkpoint', id: c.id, name: c.name } })),
					{
						type: 'Feature',
						geometry: { type: 'LineString', coordinates: [at(1), at(4), at(0)] },
						properties: { kind: 'patrol_route', id: 'NIGHT', name: localized('夜巡', '夜巡', 'Night round'), checkpoints: route, intervalMinutes: 120 }
					}
				]
			}
		} as unknown as SiteBundle);
		await importBundle(app.sql, {
			site: { id: other, name: localized('别处', '別處', 'Elsewhere'), address: localized('别处', '別處', 'Elsewhere'), timeZone: 'Asia/Shanghai', center: at(0) },
			devices: [],
			guards: [],
			plan: { type: 'FeatureCollection', features: [] }
		} as unknown as SiteBundle);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('serves every checkpoint of the site, each QR code decoding to its URL, on A4 sheets of 24', async () => {
		const r = await app.api(sheetPath('?lang=en'));
		expect(r.status).toBe(200);
		expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(r.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[^']+'; script-src 'sha256-[^']+';/);
		const html = await r.text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('<title>Checkpoint tags: Watch Garden</title>');
		expect(html).toContain('@page { size: A4; margin: 0; }');
		expect(html.match(/<section class="sheet">/g)).toHaveLength(2);

		const labels = labelsOf(html);
		expect(labels.map((l) => l.code)).toEqual(checkpoints.map((c) => c.id));
		expect(labels.map((l) => l.name)).toEqual(checkpoints.map((c) => c.name.en));
		await expectCodesDecode(labels);
	});

	it('escapes the names it prints', async () => {
		const html = await (await app.api(sheetPath('?lang=en'))).text();
		expect(html).toContain('<p class="name">Pump room &#60;b&#62;&#38;&#34;&#39;</p>');
		expect(html).not.toContain('<b>');
	});

	it('limits the sheet to a route’s checkpoints, in walking order, each once', async () => {
		const r = await app.api(sheetPath('?route=NIGHT&lang=zh-CN'));
		expect(r.status).toBe(200);
		const html = await r.text();
		expect(html).toContain('<title>巡更点标签：守望花园，路线 夜巡</title>');
		const labels = labelsOf(html);
		expect(labels.map((l) => [l.code, l.name])).toEqual([
			['CP-02', '地下车库 B1'],
			['P5', '巡更点 5'],
			['CP-01', '1号楼大堂']
		]);
		await expectCodesDecode(labels);
	});

	it('names checkpoints in the reader’s language when ?lang= is not given', async () => {
		const read = async (headers: Record<string, string>) => {
			const html = await (await fetch(`${app.baseUrl}${sheetPath('?route=NIGHT')}`, { headers })).text();
			return { lang: html.match(/<html lang="([^"]+)">/)?.[1], names: labelsOf(html).map((l) => l.name) };
		};
		expect(await read({ cookie: app.cookie, 'accept-language': 'zh-TW' })).toEqual({ lang: 'zh-TW', names: ['地下車庫 B1', '巡更點 5', '1號樓大堂'] });
		expect(await read({ cookie: `${app.cookie}; PARAGLIDE_LOCALE=en`, 'accept-language': 'zh-TW' })).toEqual({ lang: 'en', names: ['Garage B1', 'Checkpoint 5', 'Block 1 lobby'] });
	});

	it('says so for a site with no checkpoints', async () => {
		const r = await app.api(`/api/sites/${other}/checkpoints/tags?lang=en`);
		expect(r.status).toBe(200);
		const html = await r.text();
		expect(html).not.toContain('class="sheet"');
		expect(html).toContain('Nothing to print: this site’s plan has no checkpoints.');
	});

	it('answers 404 for an unknown site or route, and 400 for an unknown language', async () => {
		const get = async (path: string) => {
			const r = await app.api(path, { headers: { accept: 'application/json' } });
			return { status: r.status, body: await r.json() };
		};
		expect(await get(`/api/sites/no-such-site/checkpoints/tags`)).toMatchObject({ status: 404, body: { message: 'unknown site' } });
		expect(await get(sheetPath('?route=NOPE'))).toEqual({ status: 404, body: { message: `site ${site} has no route NOPE`, reason: 'unknown_route' } });
		expect(await get(sheetPath('?route=..%2Fx'))).toEqual({ status: 404, body: { message: 'no such route', reason: 'unknown_route' } });
		expect(await get(`/api/sites/${other}/checkpoints/tags?route=NIGHT`)).toMatchObject({ status: 404 });
		expect(await get(sheetPath('?lang=fr'))).toMatchObject({ status: 400, body: { message: 'lang must be one of zh-CN, zh-TW, en' } });
	});

	it('is for those who plan the site’s patrols: admins and its managers, not operators or other sites’ managers', async () => {
		const signIn = async (role: 'operator' | 'manager', sites: string[]) => {
			const username = uniqueId(role);
			await createUser(app.sql, { username, displayName: username, role, password: PASSWORD, sites });
			return signInCookie(app.baseUrl, username, PASSWORD);
		};
		const status = async (cookie: string) => (await fetch(`${app.baseUrl}${sheetPath()}`, { headers: { cookie } })).status;
		expect(await status(await signIn('operator', [site]))).toBe(403);
		expect(await status(await signIn('manager', [other]))).toBe(403);
		expect(await status(await signIn('manager', [site]))).toBe(200);
		expect(await status('')).toBe(401);
	});
});
