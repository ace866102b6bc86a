import { createHash } from 'node:crypto';
import { io as ioClient, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../fixtures/users';
import type { ClientToServerEvents, ServerToClientEvents, SessionEndReason } from '../../src/lib/realtime/contract';
import { createSite, signInCookie, startApp, uniqueId, type RunningApp } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';

const PASSWORD = 'socket-session-password-1';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A socket and what happened to it, in order: `session:ended` reasons and the disconnect.
 * Opened with a session cookie or an API token.
 */
async function openSocket(baseUrl: string, auth: { cookie: string } | { token: string }) {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = ioClient(baseUrl, {
		transports: ['websocket'],
		reconnection: false,
		...('cookie' in auth ? { extraHeaders: { cookie: auth.cookie } } : { auth: { token: auth.token } })
	});
	const story: string[] = [];
	socket.on('session:ended', ({ reason }) => story.push(`ended:${reason}`));
	socket.on('disconnect', (reason) => story.push(`disconnect:${reason}`));
	await waitFor(() => (socket.connected ? true : undefined), 10_000, 'socket connect');
	return {
		socket,
		story,
		/** Resolves with the story once the server has closed the socket. */
		closed: (timeoutMs = 10_000) => waitFor(() => (story.some((s) => s.startsWith('disconnect')) ? story : undefined), timeoutMs, 'the server to close the socket'),
		close: () => socket.close()
	};
}

const endedBy = (reason: SessionEndReason) => [`ended:${reason}`, 'disconnect:io server disconnect'];

// Sessions and tokens are checked again while their sockets stay open (every second here,
// SESSION_CHECK_S=1); a connected socket keeps its session alive.
describe('socket sessions after the handshake', () => {
	let app: RunningApp;
	const site = uniqueId('sock-s');

	beforeAll(async () => {
		app = await startApp({ env: { SESSION_CHECK_S: '1' } });
		await createSite(app.sql, site);
		for (const [username, role] of [['op-s', 'operator'], ['wall-s', 'wall'], ['op-gone', 'operator']] as const) {
			await createUser(app.sql, { username, displayName: username, role, password: PASSWORD, sites: [site] });
		}
	});
	afterAll(async () => {
		await app?.dispose();
	});

	/** The stored id of a cookie's session (the token's hash). */
	const sessionOf = (cookie: string) => createHash('sha256').update(cookie.split('=')[1]).digest('hex');
	const lastSeen = async (id: string) =>
		(await app.sql<{ last_seen_at: Date }[]>`select last_seen_at from user_session where id_hash = ${id}`)[0]?.last_seen_at;
	const as = (cookie: string) => fetch(`${app.baseUrl}/api/events?site=${site}`, { headers: { cookie } });

	it('ends a socket whose session passes its absolute limit, and not the live socket beside it', async () => {
		const cookie = await signInCookie(app.baseUrl, 'op-s', PASSWORD);
		const keeper = await openSocket(app.baseUrl, { cookie: await signInCookie(app.baseUrl, 'op-s', PASSWORD) });
		const s = await openSocket(app.baseUrl, { cookie });
		try {
			await app.sql`update user_session set expires_at = now() - interval '1 second' where id_hash = ${sessionOf(cookie)}`;
			expect(await s.closed()).toEqual(endedBy('expired'));
			// Checked in the same pass, the other session's socket stays.
			expect(keeper.socket.connected).toBe(true);
			expect(keeper.story).toEqual([]);
			expect(await lastSeen(sessionOf(cookie))).toBeUndefined();
			expect((await as(cookie)).status).toBe(401);
		} finally {
			keeper.close();
			s.close();
		}
	});

	it('ends a socket whose session passes its role’s idle limit', async () => {
		const cookie = await signInCookie(app.baseUrl, 'op-s', PASSWORD);
		const s = await openSocket(app.baseUrl, { cookie });
		try {
			// Operators: 14 hours idle.
			await app.sql`update user_session set last_seen_at = ${new Date(Date.now() - 14 * HOUR - MINUTE)} where id_hash = ${sessionOf(cookie)}`;
			expect(await s.closed()).toEqual(endedBy('expired'));
		} finally {
			s.close();
		}
	});

	it('a connected socket keeps its session alive: a wall past 29 days idle, an operator 13 hours into a shift', async () => {
		const wallCookie = await signInCookie(app.baseUrl, 'wall-s', PASSWORD);
		const opCookie = await signInCookie(app.baseUrl, 'op-s', PASSWORD);
		const probeCookie = await signInCookie(app.baseUrl, 'op-s', PASSWORD);
		const wall = await openSocket(app.baseUrl, { cookie: wallCookie });
		const op = await openSocket(app.baseUrl, { cookie: opCookie });
		const probe = await openSocket(app.baseUrl, { cookie: probeCookie });
		try {
			const wallId = sessionOf(wallCookie);
			const opId = sessionOf(opCookie);
			// Last seen just inside the limits (30 days for a wall, 14 hours for an operator).
			const wallSeen = new Date(Date.now() - 30 * DAY + 10 * MINUTE);
			const opSeen = new Date(Date.now() - 14 * HOUR + 10 * MINUTE);
			await app.sql`update user_session set last_seen_at = ${wallSeen} where id_hash = ${wallId}`;
			await app.sql`update user_session set last_seen_at = ${opSeen} where id_hash = ${opId}`;
			const touchedAfter = Date.now() - 5000;
			await waitFor(async () => ((await lastSeen(wallId))!.getTime() > touchedAfter ? true : undefined), 10_000, 'the wall session touched');
			await waitFor(async () => ((await lastSeen(opId))!.getTime() > touchedAfter ? true : undefined), 10_000, 'the operator session touched');
			expect(wall.socket.connected && op.socket.connected).toBe(true);
			expect([...wall.story, ...op.story]).toEqual([]);
			// At most once a minute: a later pass (the one that ends the probe's session) leaves a fresh last-seen alone.
			const touched = (await lastSeen(wallId))!.getTime();
			await app.sql`update user_session set expires_at = now() where id_hash = ${sessionOf(probeCookie)}`;
			await probe.closed();
			expect((await lastSeen(wallId))!.getTime()).toBe(touched);
			expect((await as(wallCookie)).status).toBe(200);
		} finally {
			for (const s of [wall, op, probe]) s.close();
		}
	});

	it('ends a socket whose session was deleted or whose user was disabled outside this process', async () => {
		const deletedCookie = await signInCookie(app.baseUrl, 'op-s', PASSWORD);
		const disabledCookie = await signInCookie(app.baseUrl, 'op-gone', PASSWORD);
		const deleted = await openSocket(app.baseUrl, { cookie: deletedCookie });
		const disabled = await openSocket(app.baseUrl, { cookie: disabledCookie });
		try {
			// As another app process on the same database would (its own sign-out or user change).
			await app.sql`delete from user_session where id_hash = ${sessionOf(deletedCookie)}`;
			await app.sql`update app_user set disabled_at = now() where username = 'op-gone'`;
			expect(await deleted.closed()).toEqual(endedBy('ended'));
			expect(await disabled.closed()).toEqual(endedBy('ended'));
		} finally {
			deleted.close();
			disabled.close();
		}
	});

	it('says why when an admin ends the sessions or the user signs out', async () => {
		const [{ id }] = await app.sql<{ id: string }[]>`select id from app_user where username = 'wall-s'`;
		const ended = await openSocket(app.baseUrl, { cookie: await signInCookie(app.baseUrl, 'wall-s', PASSWORD) });
		expect((await fetch(`${app.baseUrl}/api/users/${id}/sessions`, { method: 'DELETE', headers: { cookie: app.cookie, origin: app.baseUrl } })).status).toBe(204);
		expect(await ended.closed(2000)).toEqual(endedBy('ended'));

		const cookie = await signInCookie(app.baseUrl, 'wall-s', PASSWORD);
		const out = await openSocket(app.baseUrl, { cookie });
		expect((await fetch(`${app.baseUrl}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: app.baseUrl } })).status).toBe(204);
		expect(await out.closed(2000)).toEqual(endedBy('signed_out'));
	});

	it('ends a token’s socket when the token expires or is revoked, whoever revoked it', async () => {
		const createToken = async (name: string) => {
			const r = await fetch(`${app.baseUrl}/api/tokens`, {
				method: 'POST',
				headers: { cookie: app.cookie, origin: app.baseUrl, 'content-type': 'application/json' },
				body: JSON.stringify({ name, role: 'manager', sites: [site] })
			});
			expect(r.status).toBe(201);
			return (await r.json()) as { token: string; id: string };
		};
		const lapsing = await createToken('lapsing');
		const revoked = await createToken('revoked');
		const byApi = await createToken('by-api');
		const a = await openSocket(app.baseUrl, { token: lapsing.token });
		const b = await openSocket(app.baseUrl, { token: revoked.token });
		const c = await openSocket(app.baseUrl, { token: byApi.token });
		try {
			await app.sql`update api_token set expires_at = now() - interval '1 second' where id = ${lapsing.id}`;
			await app.sql`update api_token set revoked_at = now() where id = ${revoked.id}`;
			expect(await a.closed()).toEqual(endedBy('expired'));
			expect(await b.closed()).toEqual(endedBy('ended'));
			expect(c.socket.connected).toBe(true);
			expect((await fetch(`${app.baseUrl}/api/tokens/${byApi.id}`, { method: 'DELETE', headers: { cookie: app.cookie, origin: app.baseUrl } })).status).toBe(204);
			expect(await c.closed(2000)).toEqual(endedBy('ended'));
		} finally {
			for (const s of [a, b, c]) s.close();
		}
	});
});
