import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionUser } from '$lib/domain/access';
import type { Sql } from '../db/client';

const PREFIX = 'swt_';
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface ApiTokenInfo {
	id: string;
	name: string;
	role: Role;
	sites: string[];
	createdAt: string;
	expiresAt: string | null;
	revoked: boolean;
}

interface Row {
	id: string;
	name: string;
	role: Role;
	sites: string[];
	created_at: Date;
	expires_at: Date | null;
	revoked_at: Date | null;
}

const toInfo = (r: Row): ApiTokenInfo => ({
	id: r.id,
	name: r.name,
	role: r.role,
	sites: r.sites,
	createdAt: r.created_at.toISOString(),
	expiresAt: r.expires_at?.toISOString() ?? null,
	revoked: r.revoked_at !== null
});

/** Create a token; the returned secret is never stored and cannot be shown again. */
export async function createApiToken(
	sql: Sql,
	t: { name: string; role: Role; sites: string[]; createdBy: string; expiresAt: Date | null }
): Promise<{ token: string; info: ApiTokenInfo }> {
	const token = PREFIX + randomBytes(32).toString('base64url');
	const [row] = await sql<Row[]>`
		insert into api_token (name, token_hash, role, sites, created_by, expires_at)
		values (${t.name}, ${hashToken(token)}, ${t.role}, ${t.sites}, ${t.createdBy}, ${t.expiresAt})
		returning id, name, role, sites, created_at, expires_at, revoked_at`;
	return { token, info: toInfo(row) };
}

export async function listApiTokens(sql: Sql): Promise<ApiTokenInfo[]> {
	const rows = await sql<Row[]>`select id, name, role, sites, created_at, expires_at, revoked_at from api_token order by created_at`;
	return rows.map(toInfo);
}

export async function revokeApiToken(sql: Sql, id: string): Promise<boolean> {
	const rows = await sql`update api_token set revoked_at = coalesce(revoked_at, now()) where id = ${id} returning id`;
	return rows.length > 0;
}

/** The identity behind a bearer token, or null when unknown, revoked or expired. */
export async function validateApiToken(sql: Sql, token: string | null | undefined): Promise<SessionUser | null> {
	if (!token || !token.startsWith(PREFIX) || token.length > 100) return null;
	const [row] = await sql<Row[]>`
		select id, name, role, sites, created_at, expires_at, revoked_at from api_token
		where token_hash = ${hashToken(token)} and revoked_at is null and (expires_at is null or expires_at > now())`;
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
		select id, revoked_at is not null as revoked, coalesce(expires_at <= now(), false) as expired
		from api_token where id = any(${ids as string[]}::uuid[])`;
	const found = new Map(rows.map((r) => [r.id, r]));
	for (const id of ids) {
		const row = found.get(id);
		if (!row || row.revoked) ended.set(id, 'ended');
		else if (row.expired) ended.set(id, 'expired');
	}
	return ended;
}
