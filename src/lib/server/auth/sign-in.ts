import type { RequestEvent } from '@sveltejs/kit';
import { getLoginDelayMs, type SessionUser } from '$lib/domain/access';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { recordAudit } from './audit';
import { boundClientMeta, boundUsername, clientMetaOf, type ClientMeta } from './client-meta';
import { verifyPassword } from './password';
import { createSession, endSession, SESSION_COOKIE } from './sessions';
import { clearSessionCookie } from './cookie';
import { auditEndedWindows, auditFirstFailure } from './sign-in-audit';
import { forgiveAttempt, recordFailure, reserveAttempt, takeEndedWindows, type Attempt } from './throttle';
import { findUserByUsername, toSessionUser } from './users';

export interface SignInDeps {
	sql: Sql;
	run: RunCommand;
	log: Logger;
}

export type SignInResult =
	| { ok: true; token: string; expiresAt: Date; user: SessionUser }
	| { ok: false; status: 401 }
	| { ok: false; status: 429; retryAfterS: number };

/**
 * Check a username and password. An unknown user, a disabled user and a wrong password get
 * the same answer after the same work. Each check is first reserved against the account's and
 * the address's limits (`reserveAttempt`), so parallel guesses never get more checks than the
 * limits; past them the answer is 429 with no password work and no audit event, until the
 * key's window ends: never a permanent lock-out. Checks on an account with earlier failures
 * wait a growing back-off. Failures are audited aggregated (`sign-in-audit.ts`).
 */
export async function signIn(deps: SignInDeps, username: string, password: string, meta: ClientMeta): Promise<SignInResult> {
	const { sql, run, log } = deps;
	const attempt: Attempt = { username: boundUsername(username), ...boundClientMeta(meta) };
	await auditEndedWindows(run, await takeEndedWindows(sql, attempt));
	const reservation = await reserveAttempt(sql, attempt);
	if (!reservation.ok) {
		log.debug({ username: attempt.username, address: attempt.address, by: reservation.scope }, 'sign-in throttled');
		return { ok: false, status: 429, retryAfterS: reservation.retryAfterS };
	}
	for (const scope of reservation.full) log.warn({ username: attempt.username, address: attempt.address, scope }, 'sign-in limit reached; further attempts answered 429 until the window ends');
	const delay = getLoginDelayMs(reservation.prior);
	if (delay) await new Promise((r) => setTimeout(r, delay));

	const user = await findUserByUsername(sql, username);
	const ok = await verifyPassword(user && !user.disabled ? user.passwordHash : null, password);
	if (!ok || !user) {
		const { first } = await recordFailure(sql, attempt);
		log.warn({ username: attempt.username, address: attempt.address }, 'sign-in failed');
		if (first) await auditFirstFailure(run, attempt);
		return { ok: false, status: 401 };
	}
	await forgiveAttempt(sql, attempt);
	const session = await createSession(sql, user, attempt);
	log.info({ user: user.username, address: attempt.address }, 'signed in');
	await recordAudit(run, { type: 'UserSignedIn', actor: { kind: 'user', id: user.id }, data: { address: attempt.address, userAgent: attempt.userAgent } });
	return { ok: true, token: session.token, expiresAt: session.expiresAt, user: toSessionUser(user) };
}

/** End the session behind a token; returns its id so its sockets can be disconnected. */
export async function signOut(deps: SignInDeps, token: string, user: SessionUser, meta: ClientMeta): Promise<string> {
	const id = await endSession(deps.sql, token);
	await recordAudit(deps.run, { type: 'UserSignedOut', actor: { kind: 'user', id: user.id }, data: { ...meta } });
	return id;
}

/** Sign the requesting browser out: end its session, close its sockets, clear its cookie. */
export async function signOutRequest(event: RequestEvent): Promise<void> {
	const { cookies, url, locals } = event;
	const token = cookies.get(SESSION_COOKIE);
	if (token && locals.user && locals.sessionId) {
		const { sql, run, log } = locals.runtime;
		locals.runtime.disconnectSession(await signOut({ sql, run, log }, token, locals.user, clientMetaOf(event)));
	}
	clearSessionCookie(cookies, url);
}
