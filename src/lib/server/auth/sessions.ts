import { createHash, randomBytes } from 'node:crypto';
import { isSessionAlive, SESSION_POLICY, type Role } from '$lib/domain/access';
import type { Queryable, Sql } from '../db/client';
import { findUserById, type StoredUser } from './users';

export const SESSION_COOKIE = 'shouwang_session';
const TOUCH_EVERY_MS = 60_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new session: a random token for the cookie; only its hash is stored. */
export async function createSession(
	sql: Sql,
	user: { id: string; role: Role },
	meta: { address: string | null; userAgent: string | null }
): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const now = new Date();
	const expiresAt = new Date(now.getTime() + SESSION_POLICY[user.role].absoluteMs);
	await sql`
		insert into user_session (id_hash, user_id, created_at, last_seen_at, expires_at, address, user_agent)
		values (${hashToken(token)}, ${user.id}, ${now}, ${now}, ${expiresAt}, ${meta.address}, ${meta.userAgent?.slice(0, 300) ?? null})`;
	return { token, expiresAt };
}

export interface ValidSession {
	/** The stored id (token hash): names the session's socket room. */
	id: string;
	user: StoredUser;
}

/**
 * The session behind a cookie token, or null when unknown, expired (idle or absolute) or its
 * user is disabled. Sliding: last-seen is moved at most once a minute.
 */
export async function validateSession(sql: Sql, token: string | undefined | null): Promise<ValidSession | null> {
	if (!token || token.length > 100) return null;
	const id = hashToken(token);
	const [row] = await sql<{ user_id: string; last_seen_at: Date; expires_at: Date }[]>`
		select user_id, last_seen_at, expires_at from user_session where id_hash = ${id}`;
	if (!row) return null;
	const user = await findUserById(sql, row.user_id);
	const now = new Date();
	if (!user || user.disabled || !isSessionAlive(user.role, { lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, now)) {
		await sql`delete from user_session where id_hash = ${id}`;
		return null;
	}
	if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
		await sql`update user_session set last_seen_at = ${now} where id_hash = ${id}`;
	}
	return { id, user };
}

export async function endSession(sql: Sql, token: string): Promise<string> {
	const id = hashToken(token);
	await sql`delete from user_session where id_hash = ${id}`;
	return id;
}

/** Delete every session of a user; on the caller's transaction when it is a command's. */
export async function endUserSessions(sql: Queryable, userId: string): Promise<void> {
	await sql`delete from user_session where user_id = ${userId}`;
}

/**
 * The connected sockets' sessions checked in one round trip, by the rule `validateSession`
 * applies to a request: each id (token hash) that is unknown, past its role's idle or absolute
 * limit, or whose user is disabled is returned with why it ended (and its row deleted); the
 * rest are live and count as active, so their last-seen moves like a request's, at most once a
 * minute (one update for all of them).
 */
export async function checkSessions(sql: Sql, ids: readonly string[], now = new Date()): Promise<Map<string, 'expired' | 'ended'>> {
	const ended = new Map<string, 'expired' | 'ended'>();
	if (!ids.length) return ended;
	const rows = await sql<{ id_hash: string; last_seen_at: Date; expires_at: Date; role: Role; disabled_at: Date | null }[]>`
		select s.id_hash, s.last_seen_at, s.expires_at, u.role, u.disabled_at
		from user_session s join app_user u on u.id = s.user_id
		where s.id_hash = any(${ids as string[]})`;
	const found = new Map(rows.map((r) => [r.id_hash, r]));
	const touch: string[] = [];
	for (const id of ids) {
		const row = found.get(id);
		if (!row || row.disabled_at) ended.set(id, 'ended');
		else if (!isSessionAlive(row.role, { lastSeenAt: row.last_seen_at, expiresAt: row.expires_at }, now)) ended.set(id, 'expired');
		else if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) touch.push(id);
	}
	const gone = [...ended.keys()].filter((id) => found.has(id));
	if (gone.length) await sql`delete from user_session where id_hash = any(${gone})`;
	if (touch.length) await sql`update user_session set last_seen_at = ${now} where id_hash = any(${touch})`;
	return ended;
}
