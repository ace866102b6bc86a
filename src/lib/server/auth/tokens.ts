import { createHash, randomBytes } from 'node:crypto';
import { API_TOKEN_MAX_DAYS, type Role, type SessionUser } from '$lib/domain/access';
import type { Queryable, Sql } from '../db/client';

const PREFIX = 'swt_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ApiTokenInfo {
	id: string;
	name: string;
	role: Role;
	sites: string[];
	/** The admin who created it; the token works only while they are an enabled admin. */
	createdBy: string | null;
	createdAt: string;
	expiresAt: string;
	revoked: boolean;
}

interface Row {
	id: string;
	name: string;
	role: Role;
	sites: string[];
	created_by: string | null;
	created_at: Date;
	expires_at: Date;
	revoked_at: Date | null;
}

const toInfo = (r: Row): ApiTokenInfo => ({
	id: r.id,
	name: r.name,
	role: r.role,
	sites: r.sites,
	createdBy: r.created_by,
	createdAt: r.created_at.toISOString(),
	expiresAt: r.expires_at.toISOString(),
	revoked: r.revoked_at !== null
});

/**
 * The columns of a token, its expiry included. Tokens made before every token had one (a null
 * `expires_at`) expire `API_TOKEN_MAX_DAYS` after their creation, like the longest-lived new one.
 */
const COLUMNS = (sql: Queryable) => sql`
	id, name, role, sites, created_by, created_at, revoked_at,
	coalesce(expires_at, created_at + ${API_TOKEN_MAX_DAYS}::int * interval '1 day') as expires_at`;

/**
 * The one rule of a live token, shared by the request check and the socket loop: for a token
 * `t` left-joined to its `creator`, when it expires, and whether its creator still holds the
 * authority it was delegated (exists, enabled, an admin).
 */
const tokenExpiry = (sql: Sql) => sql`coalesce(t.expires_at, t.created_at + ${API_TOKEN_MAX_DAYS}::int * interval '1 day')`;
const creatorIsAdmin = (sql: Sql) => sql`(creator.id is not null and creator.disabled_at is null and creator.role = 'admin')`;

/** A new token's secret (shown once) and the hash that is stored. */
export function newApiTokenSecret(): { token: string; hash: string } {
	const token = PREFIX + randomBytes(32).toString('base64url');
	return { token, hash: hashToken(token) };
}

/**
 * Store a token created at `now` (the runtime's clock) and expiring `expiresInDays` later,
 * inside the caller's transaction. Only the secret's hash is given and kept.
 */
export async function insertApiToken(
	tx: Queryable,
	t: { name: string; tokenHash: string; role: Role; sites: string[]; createdBy: string; expiresInDays: number },
	now: Date
): Promise<ApiTokenInfo> {
	const expiresAt = new Date(now.getTime() + t.expiresInDays * 86_400_000);
	const [row] = await tx<Row[]>`
		insert into api_token (name, token_hash, role, sites, created_by, created_at, expires_at)
		values (${t.name}, ${t.tokenHash}, ${t.role}, ${t.sites}, ${t.createdBy}, ${now}, ${expiresAt})
		returning ${COLUMNS(tx)}`;
	return toInfo(row);
}

export async function listApiTokens(sql: Sql): Promise<ApiTokenInfo[]> {
	const rows = await sql<Row[]>`select ${COLUMNS(sql)} from api_token order by created_at`;
	return rows.map(toInfo);
}

/** Mark a token revoked at `now` (a revoked one keeps its first time); false when there is no such token. */
export async function markApiTokenRevoked(tx: Queryable, id: string, now: Date): Promise<boolean> {
	const rows = await tx`update api_token set revoked_at = coalesce(revoked_at, ${now}) where id = ${id} returning id`;
	return rows.length > 0;
}

/**
 * The identity behind a bearer token, or null when it is unknown, revoked or expired, or its
 * creator is gone, disabled or no longer an admin: a token is an admin's delegation and lives
 * no longer than their authority. Checked in the one query, at every request and handshake.
 */
export async function validateApiToken(sql: Sql, token: string | null | undefined): Promise<SessionUser | null> {
	if (!token || !token.startsWith(PREFIX) || token.length > 100) return null;
	const [row] = await sql<Pick<Row, 'id' | 'name' | 'role' | 'sites'>[]>`
		select t.id, t.name, t.role, t.sites from api_token t
		left join app_user creator on creator.id = t.created_by
		where t.token_hash = ${hashToken(token)} and t.revoked_at is null
			and ${tokenExpiry(sql)} > now() and ${creatorIsAdmin(sql)}`;
	if (!row) return null;
	return { id: `token:${row.id}`, username: row.name, displayName: row.name, role: row.role, sites: row.sites };
}

/** `Authorization: Bearer …` → the token, else null. */
export function bearerOf(header: string | null | undefined): string | null {
	const match = header?.match(/^Bearer\s+(\S+)$/i);
	return match ? match[1] : null;
}

/**
 * API tokens (by id) checked in one round trip by the rule `validateApiToken` applies: each one
 * unknown or revoked is returned as `ended`, each past its expiry as `expired`; live ones are
 * left out.
 */
export async function checkApiTokens(sql: Sql, ids: readonly string[]): Promise<Map<string, 'expired' | 'ended'>> {
	const ended = new Map<string, 'expired' | 'ended'>();
	if (!ids.length) return ended;
	const rows = await sql<{ id: string; revoked: boolean; expired: boolean }[]>`
		select t.id,
			t.revoked_at is not null or not ${creatorIsAdmin(sql)} as revoked,
			${tokenExpiry(sql)} <= now() as expired
		from api_token t left join app_user creator on creator.id = t.created_by
		where t.id = any(${ids as string[]}::uuid[])`;
	const found = new Map(rows.map((r) => [r.id, r]));
	for (const id of ids) {
		const row = found.get(id);
		if (!row || row.revoked) ended.set(id, 'ended');
		else if (row.expired) ended.set(id, 'expired');
	}
	return ended;
}
