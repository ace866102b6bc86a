import { io as ioClient } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TOKEN_DEFAULT_DAYS, API_TOKEN_MAX_DAYS } from '../../src/lib/domain/access';
import { createUser } from '../fixtures/users';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { connectDashboard } from '../fixtures/clients';
import { waitFor } from '../fixtures/ports';

const PASSWORD = 'correct horse battery';

/** Connect a socket and report how the handshake ended. */
function handshake(baseUrl: string, headers: Record<string, string>): Promise<string> {
	return new Promise((resolve) => {
		const s = ioClient(baseUrl, { transports: ['websocket'], reconnection: false, extraHeaders: headers });
		s.on('connect', () => (s.close(), resolve('connected')));
		s.on('connect_error', (err) => (s.close(), resolve(err.message)));
	});
}

describe('accounts, sessions and site scoping', () => {
	let app: RunningApp;
	const siteA = uniqueId('a');
	const siteB = uniqueId('b');
	let operatorA: string;
	let guardA: string;

	beforeAll(async () => {
		app = await startApp();
		await createSite(app.sql, siteA);
		await createSite(app.sql, siteB);
		await createUser(app.sql, { username: 'op-a', displayName: 'Operator A', role: 'operator', password: PASSWORD, sites: [siteA] });
		await createUser(app.sql, { username: 'guard-a', displayName: 'Guard A', role: 'guard', password: PASSWORD, sites: [siteA] });
		operatorA = await signInCookie(app.baseUrl, 'op-a', PASSWORD);
		guardA = await signInCookie(app.baseUrl, 'guard-a', PASSWORD);
	});
	afterAll(async () => {
		await app?.dispose();
	});

	const as = (cookie: string, path: string) => fetch(`${app.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
	const login = (username: string, password: string) =>
		fetch(`${app.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });

	it('stores passwords as argon2id and sets an HttpOnly, SameSite=Lax cookie', async () => {
		const rows = await app.sql<{ password_hash: string }[]>`select password_hash from app_user`;
		expect(rows.length).toBeGreaterThanOrEqual(3);
		for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$/);
		const r = await login('op-a', PASSWORD);
		const cookie = r.headers.get('set-cookie')!;
		expect(cookie).toMatch(/^shouwang_session=[\w-]{40,};/);
		expect(cookie).toContain('HttpOnly');
		expect(cookie).toContain('SameSite=Lax');
		const [{ n }] = await app.sql`select count(*)::int as n from user_session where id_hash = ${cookie.split(';')[0].split('=')[1]}`;
		expect(n).toBe(0); // only a hash of the token is stored
	});

	it('refuses the API and pages without a session', async () => {
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`)).status).toBe(401);
		const page = await fetch(`${app.baseUrl}/`, { redirect: 'manual' });
		expect(page.status).toBe(303);
		expect(page.headers.get('location')).toBe('/login?next=%2F');
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: { cookie: 'shouwang_session=forged' } })).status).toBe(401);
	});

	it('answers an unknown user like a wrong password, and throttles the eleventh failure with 429', async () => {
		const unknown = await login('nobody-here', 'whatever-password');
		const wrong = await login('op-a', 'wrong-password');
		expect([unknown.status, wrong.status]).toEqual([401, 401]);
		expect(await unknown.json()).toEqual(await wrong.json());
		const target = uniqueId('victim');
		const statuses: number[] = [];
		for (let i = 0; i < 11; i++) statuses.push((await login(target, 'bad-password')).status);
		expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
		expect(statuses[10]).toBe(429);
		const throttled = await login(target, 'bad-password');
		expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
		// Another account from the same address is not affected.
		expect((await login('op-a', PASSWORD)).status).toBe(200);
	});

	it('scopes an operator to their sites and keeps guards off live data', async () => {
		expect((await as(operatorA, `/api/events?site=${siteA}`)).status).toBe(200);
		expect((await as(operatorA, `/api/events?site=${siteB}`)).status).toBe(403);
		expect((await as(operatorA, `/api/sites/${siteB}/state`)).status).toBe(403);
		expect((await as(operatorA, `/api/events?site=nosuch-site`)).status).toBe(403); // no probing for ids
		expect((await as(guardA, `/api/events?site=${siteA}`)).status).toBe(403);
		const page = await (await as(operatorA, '/')).text();
		expect(page).toContain(`data-site="${siteA}"`);
		expect(page).not.toContain(siteB);

		const op = await connectDashboard(app.baseUrl, operatorA);
		const guard = await connectDashboard(app.baseUrl, guardA);
		try {
			expect((await op.join(siteA, 0)).ok).toBe(true);
			expect(await op.join(siteB, 0)).toEqual({ ok: false, error: 'forbidden' });
			expect(await guard.join(siteA, 0)).toEqual({ ok: false, error: 'forbidden' });
		} finally {
			op.close();
			guard.close();
		}
	});

	it('refuses sockets with no session, a forged cookie, a foreign Origin, an expired session or a disabled user', async () => {
		expect(await handshake(app.baseUrl, {})).toBe('unauthenticated');
		expect(await handshake(app.baseUrl, { cookie: 'shouwang_session=forged' })).toBe('unauthenticated');
		expect(await handshake(app.baseUrl, { cookie: operatorA, origin: 'http://evil.example' })).toBe('forbidden origin');
		expect(await handshake(app.baseUrl, { cookie: operatorA, origin: app.baseUrl })).toBe('connected');

		await createUser(app.sql, { username: 'op-expired', displayName: 'x', role: 'operator', password: PASSWORD, sites: [siteA] });
		const expired = await signInCookie(app.baseUrl, 'op-expired', PASSWORD);
		await app.sql`update user_session set expires_at = now() - interval '1 second'
			where user_id = (select id from app_user where username = 'op-expired')`;
		expect(await handshake(app.baseUrl, { cookie: expired })).toBe('unauthenticated');
		expect((await as(expired, `/api/events?site=${siteA}`)).status).toBe(401);

		await createUser(app.sql, { username: 'op-disabled', displayName: 'x', role: 'operator', password: PASSWORD, sites: [siteA] });
		const disabled = await signInCookie(app.baseUrl, 'op-disabled', PASSWORD);
		await app.sql`update app_user set disabled_at = now() where username = 'op-disabled'`;
		expect(await handshake(app.baseUrl, { cookie: disabled })).toBe('unauthenticated');
		expect((await login('op-disabled', PASSWORD)).status).toBe(401);
	});

	it('signing out disconnects the session’s sockets within a second and ends the session', async () => {
		const cookie = await signInCookie(app.baseUrl, 'op-a', PASSWORD);
		const dash = await connectDashboard(app.baseUrl, cookie);
		const closed = new Promise<number>((resolve) => dash.socket.on('disconnect', () => resolve(Date.now())));
		const started = Date.now();
		expect((await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: app.baseUrl } })).status).toBe(204);
		expect((await closed) - started).toBeLessThan(1000);
		expect((await as(cookie, `/api/events?site=${siteA}`)).status).toBe(401);
	});

	it('audits sign-ins, failures and sign-outs in the system stream, which no site room receives', async () => {
		const rows = await waitFor(async () => {
			const r = await app.sql<{ type: string; source_kind: string; data: { address?: string } }[]>`
				select type, source_kind, data from event where stream = 'system' order by seq`;
			return r.some((e) => e.type === 'UserSignedOut') ? r : undefined;
		});
		const types = new Set(rows.map((r) => r.type));
		for (const t of ['UserCreated', 'UserSignedIn', 'SignInFailed', 'UserSignedOut']) expect(types).toContain(t);
		expect(rows.find((r) => r.type === 'UserSignedIn')?.data.address).toBeTruthy();
		expect((await as(operatorA, '/admin/audit')).status).toBe(403);
		const page = await as(app.cookie, '/admin/audit?type=DROP%20TABLE&before=abc');
		expect(page.status).toBe(200); // filters outside their allow-lists are ignored
		expect(await page.text()).toContain('data-audit-type="UserSignedOut"');
		const admin = await connectDashboard(app.baseUrl, app.cookie);
		try {
			expect(await admin.join('system', 0)).toEqual({ ok: false, error: 'invalid_request' });
		} finally {
			admin.close();
		}
	});

	it('lets admins manage users; disabling one closes their sockets within a second', async () => {
		const post = (cookie: string, body: unknown) =>
			fetch(`${app.baseUrl}/api/users`, { method: 'POST', headers: { cookie, origin: app.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify(body) });
		expect((await as(operatorA, '/api/users')).status).toBe(403);
		expect((await post(operatorA, { username: 'sneaky', displayName: 'x', role: 'admin', password: PASSWORD })).status).toBe(403);
		const list = await (await as(app.cookie, '/api/users')).json();
		expect(list.users.map((u: { username: string }) => u.username)).toContain('op-a');
		expect(JSON.stringify(list)).not.toContain('argon2');

		const created = await post(app.cookie, { username: 'op-new', displayName: '新值班员', role: 'operator', password: PASSWORD, sites: [siteA] });
		expect(created.status).toBe(201);
		const { user } = await created.json();
		expect(user).toMatchObject({ username: 'op-new', displayName: '新值班员', role: 'operator', sites: [siteA], disabled: false });
		expect((await post(app.cookie, { username: 'op-new', displayName: 'x', role: 'operator', password: PASSWORD })).status).toBe(409);
		const bad = await post(app.cookie, { username: 'op-bad', displayName: 'x', role: 'emperor', password: 'short' });
		expect(bad.status).toBe(400);
		expect((await bad.json()).reasons.join()).toMatch(/role.*password|password.*role/s);
		expect((await post(app.cookie, { username: 'op-bad', displayName: 'x', role: 'operator', password: PASSWORD, sites: ['nosuch-site'] })).status).toBe(400);

		const cookie = await signInCookie(app.baseUrl, 'op-new', PASSWORD);
		const dash = await connectDashboard(app.baseUrl, cookie);
		expect((await dash.join(siteA, 0)).ok).toBe(true);
		const closed = new Promise<number>((resolve) => dash.socket.on('disconnect', () => resolve(Date.now())));
		const started = Date.now();
		const patch = await fetch(`${app.baseUrl}/api/users/${user.id}`, {
			method: 'PATCH',
			headers: { cookie: app.cookie, origin: app.baseUrl, 'content-type': 'application/json' },
			body: JSON.stringify({ disabled: true })
		});
		expect(patch.status).toBe(200);
		expect((await closed) - started).toBeLessThan(1000);
		expect((await as(cookie, `/api/events?site=${siteA}`)).status).toBe(401);
		expect((await login('op-new', PASSWORD)).status).toBe(401);

		const [audit] = await waitFor(async () => {
			const rows = await app.sql<{ data: Record<string, unknown> }[]>`
				select data from event where stream = 'system' and type = 'UserUpdated' and data->>'user' = ${user.id}`;
			return rows.length ? rows : undefined;
		});
		expect(audit.data).toMatchObject({ disabled: true, passwordChanged: false });
	});

	it('lets an admin end a user’s sessions', async () => {
		const cookie = await signInCookie(app.baseUrl, 'op-a', PASSWORD);
		const dash = await connectDashboard(app.baseUrl, cookie);
		const closed = new Promise<void>((resolve) => dash.socket.on('disconnect', () => resolve()));
		const [{ id }] = await app.sql<{ id: string }[]>`select id from app_user where username = 'op-a'`;
		expect((await fetch(`${app.baseUrl}/api/users/${id}/sessions`, { method: 'DELETE', headers: { cookie: operatorA, origin: app.baseUrl } })).status).toBe(403);
		expect((await fetch(`${app.baseUrl}/api/users/${id}/sessions`, { method: 'DELETE', headers: { cookie: app.cookie, origin: app.baseUrl } })).status).toBe(204);
		await closed;
		expect((await as(cookie, `/api/events?site=${siteA}`)).status).toBe(401);
	});

	it('API tokens: shown once, scoped to a role and sites, usable by HTTP and socket, revocable', async () => {
		const created = await fetch(`${app.baseUrl}/api/tokens`, {
			method: 'POST',
			headers: { cookie: app.cookie, origin: app.baseUrl, 'content-type': 'application/json' },
			body: JSON.stringify({ name: 'report tool', role: 'manager', sites: [siteA] })
		});
		expect(created.status).toBe(201);
		const { token, id } = await created.json();
		expect(token).toMatch(/^swt_[\w-]{40,}$/);
		const listed = await (await as(app.cookie, '/api/tokens')).json();
		expect(JSON.stringify(listed)).not.toContain(token);
		const [{ n }] = await app.sql`select count(*)::int as n from api_token where token_hash = ${token}`;
		expect(n).toBe(0);

		const bearer = { authorization: `Bearer ${token}` };
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: bearer })).status).toBe(200);
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteB}`, { headers: bearer })).status).toBe(403);
		expect((await fetch(`${app.baseUrl}/api/users`, { headers: bearer })).status).toBe(403);
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: { authorization: 'Bearer swt_forged' } })).status).toBe(401);

		const socket = ioClient(app.baseUrl, { transports: ['websocket'], reconnection: false, auth: { token } });
		await waitFor(() => (socket.connected ? true : undefined), 10_000, 'token socket');
		expect((await socket.timeout(5000).emitWithAck('site:join', { site: siteA, after: 0 })).ok).toBe(true);
		const closed = new Promise<void>((resolve) => socket.on('disconnect', () => resolve()));
		expect((await fetch(`${app.baseUrl}/api/tokens/${id}`, { method: 'DELETE', headers: { cookie: app.cookie, origin: app.baseUrl } })).status).toBe(204);
		await closed;
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: bearer })).status).toBe(401);
		expect(await handshake(app.baseUrl, bearer)).toBe('unauthenticated');
	});

	const newToken = (cookie: string, body: object) =>
		fetch(`${app.baseUrl}/api/tokens`, { method: 'POST', headers: { cookie, origin: app.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify(body) });

	it('API tokens expire by default, at most a year after creation', async () => {
		const day = 86_400_000;
		const plain = await (await newToken(app.cookie, { name: 'no expiry asked', role: 'manager', sites: [siteA] })).json();
		expect(Date.parse(plain.expiresAt) - Date.now()).toBeGreaterThan((API_TOKEN_DEFAULT_DAYS - 1) * day);
		expect(Date.parse(plain.expiresAt) - Date.now()).toBeLessThanOrEqual(API_TOKEN_DEFAULT_DAYS * day);
		expect((await newToken(app.cookie, { name: 'too long', role: 'manager', sites: [siteA], expiresInDays: API_TOKEN_MAX_DAYS + 1 })).status).toBe(400);
	});

	it('API tokens stop working once their creator is disabled or no longer an admin', async () => {
		/** A second admin, their token, and a way to change them. */
		const tokenOfNewAdmin = async () => {
			const admin = await createUser(app.sql, { username: uniqueId('admin'), displayName: 'x', role: 'admin', password: PASSWORD, sites: [] });
			const cookie = await signInCookie(app.baseUrl, admin.username, PASSWORD);
			const created = await newToken(cookie, { name: 'integration', role: 'manager', sites: [siteA] });
			expect(created.status).toBe(201);
			const bearer = { authorization: `Bearer ${(await created.json()).token}` };
			expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: bearer })).status).toBe(200);
			const change = (body: object) =>
				fetch(`${app.baseUrl}/api/users/${admin.id}`, { method: 'PATCH', headers: { cookie: app.cookie, origin: app.baseUrl, 'content-type': 'application/json' }, body: JSON.stringify(body) });
			return { id: admin.id, bearer, change };
		};
		const disabled = await tokenOfNewAdmin();
		expect((await disabled.change({ disabled: true })).status).toBe(200);
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: disabled.bearer })).status).toBe(401);

		const demoted = await tokenOfNewAdmin();
		expect((await demoted.change({ role: 'operator', sites: [siteA] })).status).toBe(200);
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: demoted.bearer })).status).toBe(401);
		expect(await handshake(app.baseUrl, demoted.bearer)).toBe('unauthenticated');

		const removed = await tokenOfNewAdmin();
		await app.sql`delete from app_user where id = ${removed.id}`;
		expect((await fetch(`${app.baseUrl}/api/events?site=${siteA}`, { headers: removed.bearer })).status).toBe(401);
	});
});
