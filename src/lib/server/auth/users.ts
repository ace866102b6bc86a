import type { GuardLink, Role, SessionUser } from '$lib/domain/access';
import type { Queryable } from '../db/client';

export interface StoredUser extends SessionUser {
	passwordHash: string;
	disabled: boolean;
}

interface UserRow {
	id: string;
	username: string;
	display_name: string;
	role: Role;
	password_hash: string;
	disabled_at: Date | null;
	sites: string[] | null;
	guard_site: string | null;
	guard_id: string | null;
}

const toUser = (r: UserRow): StoredUser => ({
	id: r.id,
	username: r.username,
	displayName: r.display_name,
	role: r.role,
	sites: r.sites ?? [],
	guard: r.guard_site !== null && r.guard_id !== null ? { site: r.guard_site, guard: r.guard_id } : null,
	passwordHash: r.password_hash,
	disabled: r.disabled_at !== null
});

const SELECT = (sql: Queryable) => sql`
	select u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled_at,
		array_remove(array_agg(us.site order by us.site), null) as sites,
		min(gl.site) as guard_site, min(gl.guard) as guard_id
	from app_user u left join user_site us on us.user_id = u.id left join guard_link gl on gl.user_id = u.id`;

export async function findUserByUsername(sql: Queryable, username: string): Promise<StoredUser | null> {
	const [row] = await sql<UserRow[]>`${SELECT(sql)} where u.username = ${username} group by u.id`;
	return row ? toUser(row) : null;
}

export async function findUserById(sql: Queryable, id: string): Promise<StoredUser | null> {
	const [row] = await sql<UserRow[]>`${SELECT(sql)} where u.id = ${id} group by u.id`;
	return row ? toUser(row) : null;
}

export async function countUsers(sql: Queryable): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from app_user`;
	return row.n;
}

/** Public shape of a stored user. */
export function toSessionUser(u: StoredUser): SessionUser {
	return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, sites: u.sites, guard: u.guard ?? null };
}

export async function listUsers(sql: Queryable): Promise<StoredUser[]> {
	const rows = await sql<UserRow[]>`${SELECT(sql)} group by u.id order by u.username`;
	return rows.map(toUser);
}

/**
 * Insert a user with their sites, inside the caller's transaction (the command that also
 * appends `UserCreated`); the password comes already hashed, so no slow work holds the lock.
 * Returns the new user's id.
 */
export async function insertUser(
	tx: Queryable,
	u: { username: string; displayName: string; role: Role; passwordHash: string; sites: readonly string[]; guard?: GuardLink | null },
	now: Date
): Promise<string> {
	const [row] = await tx<{ id: string }[]>`
		insert into app_user (username, display_name, role, password_hash, created_at)
		values (${u.username}, ${u.displayName}, ${u.role}, ${u.passwordHash}, ${now}) returning id`;
	await replaceUserSites(tx, row.id, u.sites);
	if (u.guard) await replaceGuardLink(tx, row.id, u.guard);
	return row.id;
}

async function replaceUserSites(tx: Queryable, id: string, sites: readonly string[]): Promise<void> {
	await tx`delete from user_site where user_id = ${id}`;
	if (sites.length) await tx`insert into user_site (user_id, site) select ${id}, unnest(${sites as string[]}::text[])`;
}

/** Link the account to a guard, or unlink it (null). The unique index refuses a guard linked twice. */
async function replaceGuardLink(tx: Queryable, id: string, link: GuardLink | null): Promise<void> {
	await tx`delete from guard_link where user_id = ${id}`;
	if (link) await tx`insert into guard_link (user_id, site, guard) values (${id}, ${link.site}, ${link.guard})`;
}

/** The account already linked to a guard, other than `except`; null when none is. */
export async function findGuardLinkOwner(tx: Queryable, link: GuardLink, except: string | null = null): Promise<string | null> {
	const [row] = await tx<{ user_id: string }[]>`
		select user_id from guard_link where site = ${link.site} and guard = ${link.guard} and user_id is distinct from ${except}`;
	return row?.user_id ?? null;
}

/** What an update may change; the password comes already hashed. */
export interface UserChange {
	displayName?: string;
	role?: Role;
	sites?: readonly string[];
	disabled?: boolean;
	passwordHash?: string;
	guard?: GuardLink | null;
}

/**
 * Change what is given, inside the caller's transaction; sites replace the user's memberships.
 * Disabling stamps `now` (the runtime's clock); enabling clears it.
 */
export async function changeUser(tx: Queryable, id: string, change: UserChange, now: Date): Promise<void> {
	if (change.displayName !== undefined) await tx`update app_user set display_name = ${change.displayName} where id = ${id}`;
	if (change.role !== undefined) await tx`update app_user set role = ${change.role} where id = ${id}`;
	if (change.disabled !== undefined) await tx`update app_user set disabled_at = ${change.disabled ? now : null} where id = ${id}`;
	if (change.passwordHash !== undefined) await tx`update app_user set password_hash = ${change.passwordHash} where id = ${id}`;
	if (change.sites !== undefined) await replaceUserSites(tx, id, change.sites);
	if (change.guard !== undefined) await replaceGuardLink(tx, id, change.guard);
}
