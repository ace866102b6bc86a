import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';
import { rawRequest, sendRaw } from '../fixtures/raw-http';

const form = (fields: Record<string, string>) => new URLSearchParams(fields);

describe('first run beyond loopback', () => {
	let app: RunningApp;
	let token: string;

	beforeAll(async () => {
		// Listening on every interface, no ADMIN_PASSWORD, behind a proxy that names the client.
		app = await startApp({ firstRun: true, env: { HOST: '0.0.0.0', ADDRESS_HEADER: 'x-forwarded-for' } });
		token = await waitFor(() => /set-up token:\s+(\S+)/.exec(app.logs())?.[1], 10_000, 'the printed set-up token');
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const post = (fields: Record<string, string>) =>
		fetch(`${app.baseUrl}/setup`, { method: 'POST', redirect: 'manual', headers: { origin: app.baseUrl, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' }, body: form(fields) });
	const users = async () => (await app.sql<{ n: number }[]>`select count(*)::int as n from app_user`)[0].n;

	it('asks for the set-up token printed at start before anyone can become administrator', async () => {
		const page = await fetch(`${app.baseUrl}/setup`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('name="token"');
		const fields = { username: 'admin', password: 'first-admin-pass-1', confirm: 'first-admin-pass-1' };
		expect((await post(fields)).status).toBe(403);
		expect((await post({ ...fields, token: 'x'.repeat(token.length) })).status).toBe(403);
		expect(await users()).toBe(0);
		const made = await post({ ...fields, token });
		expect(made.status).toBe(303);
		expect(await users()).toBe(1);
	});

	it('serves /metrics to loopback and to API tokens, not to a client elsewhere', async () => {
		expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(200);
		expect((await fetch(`${app.baseUrl}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(401);
		expect((await fetch(`${app.baseUrl}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(200);
	});
});

describe('demo passwords', () => {
	const demoApp = (host: string) => startApp({ firstRun: true, env: { HOST: host, DEMO: '1', SIMULATOR_RATE: '0' } });
	const demoShown = async (app: RunningApp) => {
		const page = await (await fetch(`${app.baseUrl}/login`)).text();
		const admin = /admin\s+admin \/ (\S+)/.exec(app.logs())?.[1];
		expect(admin).toBeTruthy();
		return page.includes(admin!);
	};

	it('are shown on a loopback listener to a loopback name only', async () => {
		const app = await demoApp('127.0.0.1');
		try {
			expect(await demoShown(app)).toBe(true);
			// A DNS-rebinding page asks by its own name: it is not answered at all (fetch cannot set Host).
			const rebound = await sendRaw(app.port, rawRequest('GET', '/login', { Host: `rebind.evil.example:${app.port}` }));
			expect(rebound).toEqual({ status: 421 });
			expect(await sendRaw(app.port, rawRequest('GET', '/login', { Host: `localhost:${app.port}` }))).toEqual({ status: 200 });
		} finally {
			await app.dispose();
		}
	});

	it('are never shown when the app listens beyond loopback', async () => {
		const app = await demoApp('0.0.0.0');
		try {
			expect(await demoShown(app)).toBe(false);
		} finally {
			await app.dispose();
		}
	});
});

describe('cookie requests from another site', () => {
	let app: RunningApp;
	beforeAll(async () => {
		app = await startApp();
	});
	afterAll(async () => {
		await app?.dispose();
	});

	it('refuses an unsafe cookie request without our Origin, or with a body that is not JSON', async () => {
		const body = JSON.stringify({ name: 'csrf', role: 'admin', sites: [] });
		const send = (headers: Record<string, string>) => fetch(`${app.baseUrl}/api/tokens`, { method: 'POST', headers: { cookie: app.cookie, ...headers }, body });
		// What a cross-site `fetch(…, {mode: 'no-cors', credentials: 'include'})` can send: text/plain, a foreign Origin.
		expect((await send({ 'content-type': 'text/plain', origin: 'https://sibling.example.com' })).status).toBe(403);
		expect((await send({ 'content-type': 'text/plain' })).status).toBe(403);
		expect((await send({ 'content-type': 'text/plain', origin: app.baseUrl })).status).toBe(415);
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from api_token where name = 'csrf'`;
		expect(n).toBe(0);
		expect((await send({ 'content-type': 'application/json', origin: app.baseUrl })).status).toBe(201);
	});
});
