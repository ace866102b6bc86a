import type { Role, SessionUser } from '$lib/domain/access';
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
}

const toUser = (r: UserRow): StoredUser => ({
	id: r.id,
	username: r.username,
	displayName: r.display_name,
	role: r.role,
	sites: r.sites ?? [],
	passwordHash: r.password_hash,
	disabled: r.disabled_at !== null
});

const SELECT = (sql: Queryable) => sql`
	select u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled_at,
		array_remove(array_agg(us.site order by us.site), null) as sites
	from app_user u left join user_site us on us.user_id = u.id`;

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
	return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, sites: u.sites };
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
	u: { username: string; displayName: string; role: Role; passwordHash: string; sites: readonly string[] },
	now: Date
): Promise<string> {
	const [row] = await tx<{ id: string }[]>`
		insert into app_user (username, display_name, role, password_hash, created_at)
		values (${u.username}, ${u.displayName}, ${u.role}, ${u.passwordHash}, ${now}) returning id`;
	await replaceUserSites(tx, row.id, u.sites);
	return row.id;
}

async function replaceUserSites(tx: Queryable, id: string, sites: readonly string[]): Promise<void> {
	await tx`delete from user_site where user_id = ${id}`;
	if (sites.length) await tx`insert into user_site (user_id, site) select ${id}, unnest(${sites as string[]}::text[])`;
}

/** What an update may change; the password comes already hashed. */
export interface UserChange {
	displayName?: string;
	role?: Role;
	sites?: readonly string[];
	disabled?: boolean;
	passwordHash?: string;
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
}
