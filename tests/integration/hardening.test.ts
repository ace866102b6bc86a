import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth, createSite, startApp, uniqueId, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { alarmBody } from '../fixtures/clients';

const HOSTILE = [
	"'; DROP TABLE event; --",
	"' OR '1'='1",
	'back\\slash \\\\ \\u0041',
	'\u202Eright-to-left\u202C mark \u200F',
	'<img src=x onerror="alert(1)"><script>alert(2)</script>',
	'汉字 漢字 🚒',
	'x'.repeat(500)
];

describe('hostile input and security headers', () => {
	let app: RunningApp;
	let site: string;
	let fap: DeviceLogin;
	let json: Record<string, string>;

	beforeAll(async () => {
		app = await startApp();
		site = uniqueId('hard');
		await createSite(app.sql, site);
		fap = await app.device(site, 'FAP-1', 'fire_panel');
		json = { 'content-type': 'application/json', ...basicAuth(fap) };
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('stores hostile text byte-identical and returns it the same way', async () => {
		for (const [i, value] of HOSTILE.entries()) {
			const body = alarmBody(`hostile-${i}`, { text: value, zone: value.slice(0, 64) });
			const r = await fetch(`${app.baseUrl}/api/sites/${site}/devices/FAP-1/alarms`, { method: 'POST', headers: json, body: JSON.stringify(body) });
			expect(r.status).toBe(201);
		}
		const events = (await (await app.api(`/api/events?site=${site}&limit=100`)).json()).events.filter((e: { type: string }) => e.type === 'AlarmRaised');
		expect(events.map((e: { data: { text: string } }) => e.data.text)).toEqual(HOSTILE);
		expect(events.map((e: { data: { zone: string } }) => e.data.zone)).toEqual(HOSTILE.map((v) => v.slice(0, 64)));
		const [{ n }] = await app.sql`select count(*)::int as n from event`;
		expect(n).toBeGreaterThanOrEqual(HOSTILE.length); // the table is still there
	});

	it('refuses NUL characters and text past its limit with a clear reason', async () => {
		const post = (body: unknown) =>
			fetch(`${app.baseUrl}/api/sites/${site}/devices/FAP-1/alarms`, { method: 'POST', headers: json, body: JSON.stringify(body) });
		const nul = await post(alarmBody('nul-1', { text: 'a\u0000b' }));
		expect(nul.status).toBe(400);
		expect(await nul.json()).toEqual({ status: 'rejected', reasons: ['text: must not contain NUL characters'] });
		const long = await post(alarmBody('long-1', { text: 'x'.repeat(10 * 1024) }));
		expect(long.status).toBe(400);
		expect((await long.json()).reasons[0]).toMatch(/^text: /);
	});

	it('refuses a cross-origin form post', async () => {
		const r = await fetch(`${app.baseUrl}/api/sites/${site}/devices/FAP-1/alarms`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain', origin: 'http://evil.example', ...basicAuth(fap) },
			body: JSON.stringify(alarmBody('csrf-1'))
		});
		expect(r.status).toBe(403);
		const [{ n }] = await app.sql`select count(*)::int as n from event where source_event_id = 'csrf-1'`;
		expect(n).toBe(0);
	});

	it.each(['/', '/api/health', `/api/events?site=nosuch-site`, '/no-such-page', '/metrics'])('sends the security headers on %s', async (path) => {
		const r = await fetch(`${app.baseUrl}${path}`);
		expect(r.headers.get('x-content-type-options')).toBe('nosniff');
		expect(r.headers.get('referrer-policy')).toBe('same-origin');
		expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
		expect(r.headers.get('content-security-policy')).not.toMatch(/script-src[^;]*unsafe-inline/);
	});
});
