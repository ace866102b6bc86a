import type { RequestEvent } from '@sveltejs/kit';
import { getLoginDelayMs, LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_WINDOW_MS, type SessionUser } from '$lib/domain/access';
import type { Sql } from '../db/client';
import type { IngestWriter } from '../ingest/writer';
import type { Logger } from '../log';
import { recordAudit } from './audit';
import { verifyPassword } from './password';
import { createSession, endSession, SESSION_COOKIE } from './sessions';
import { clearSessionCookie } from './cookie';
import { clearFailures, getRecentFailures, recordFailure } from './throttle';
import { findUserByUsername, toSessionUser } from './users';

export interface SignInDeps {
	sql: Sql;
	writer: IngestWriter;
	log: Logger;
}

export interface ClientMeta {
	address: string;
	userAgent: string | null;
}

export type SignInResult =
	| { ok: true; token: string; expiresAt: Date; user: SessionUser }
	| { ok: false; status: 401 }
	| { ok: false; status: 429; retryAfterS: number };

/**
 * Check a username and password. An unknown user, a disabled user and a wrong password get
 * the same answer after the same work. Failures per (username, address) slow the next answer
 * down and, past the limit within the window, are answered 429 until the oldest ages out:
 * never a permanent lock-out. Every outcome is logged and audited.
 */
export async function signIn(deps: SignInDeps, username: string, password: string, meta: ClientMeta): Promise<SignInResult> {
	const { sql, writer, log } = deps;
	const failures = await getRecentFailures(sql, username, meta.address);
	if (failures.count >= LOGIN_FAILURE_LIMIT) {
		const retryAt = (failures.oldest?.getTime() ?? Date.now()) + LOGIN_FAILURE_WINDOW_MS;
		log.warn({ username, address: meta.address }, 'sign-in throttled');
		return { ok: false, status: 429, retryAfterS: Math.max(1, Math.ceil((retryAt - Date.now()) / 1000)) };
	}
	const delay = getLoginDelayMs(failures.count);
	if (delay) await new Promise((r) => setTimeout(r, delay));

	const user = await findUserByUsername(sql, username);
	const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, password);
	if (!ok || !user) {
		await recordFailure(sql, username, meta.address);
		log.warn({ username, address: meta.address }, 'sign-in failed');
		await recordAudit(writer, { type: 'SignInFailed', actor: { kind: 'system', id: 'auth' }, data: { username, ...meta } });
		return { ok: false, status: 401 };
	}
	await clearFailures(sql, username, meta.address);
	const session = await createSession(sql, user, meta);
	log.info({ user: user.username, address: meta.address }, 'signed in');
	await recordAudit(writer, { type: 'UserSignedIn', actor: { kind: 'user', id: user.id }, data: { ...meta } });
	return { ok: true, token: session.token, expiresAt: session.expiresAt, user: toSessionUser(user) };
}

/** End the session behind a token; returns its id so its sockets can be disconnected. */
export async function signOut(deps: SignInDeps, token: string, user: SessionUser, meta: ClientMeta): Promise<string> {
	const id = await endSession(deps.sql, token);
	await recordAudit(deps.writer, { type: 'UserSignedOut', actor: { kind: 'user', id: user.id }, data: { ...meta } });
	return id;
}

/** Sign the requesting browser out: end its session, close its sockets, clear its cookie. */
export async function signOutRequest(event: RequestEvent): Promise<void> {
	const { cookies, url, locals, request } = event;
	const token = cookies.get(SESSION_COOKIE);
	if (token && locals.user && locals.sessionId) {
		const { sql, writer, log } = locals.runtime;
		const meta = { address: event.getClientAddress(), userAgent: request.headers.get('user-agent') };
		locals.runtime.disconnectSession(await signOut({ sql, writer, log }, token, locals.user, meta));
	}
	clearSessionCookie(cookies, url);
}
