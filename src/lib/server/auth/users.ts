import type { Role, SessionUser } from '$lib/domain/access';
import type { Sql } from '../db/client';
import { hashPassword } from './password';

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

const SELECT = (sql: Sql) => sql`
	select u.id, u.username, u.display_name, u.role, u.password_hash, u.disabled_at,
		array_remove(array_agg(us.site order by us.site), null) as sites
	from app_user u left join user_site us on us.user_id = u.id`;

export async function findUserByUsername(sql: Sql, username: string): Promise<StoredUser | null> {
	const [row] = await sql<UserRow[]>`${SELECT(sql)} where u.username = ${username} group by u.id`;
	return row ? toUser(row) : null;
}

export async function findUserById(sql: Sql, id: string): Promise<StoredUser | null> {
	const [row] = await sql<UserRow[]>`${SELECT(sql)} where u.id = ${id} group by u.id`;
	return row ? toUser(row) : null;
}

export async function countUsers(sql: Sql): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from app_user`;
	return row.n;
}

/** Create a user with their sites; the password is hashed here. */
export async function createUser(
	sql: Sql,
	u: { username: string; displayName: string; role: Role; password: string; sites: string[] }
): Promise<StoredUser> {
	const passwordHash = await hashPassword(u.password);
	await sql.begin(async (tx) => {
		const [row] = await tx<{ id: string }[]>`
			insert into app_user (username, display_name, role, password_hash)
			values (${u.username}, ${u.displayName}, ${u.role}, ${passwordHash}) returning id`;
		for (const site of u.sites) await tx`insert into user_site (user_id, site) values (${row.id}, ${site})`;
	});
	return (await findUserByUsername(sql, u.username))!;
}

/** Public shape of a stored user. */
export function toSessionUser(u: StoredUser): SessionUser {
	return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, sites: u.sites };
}

export async function listUsers(sql: Sql): Promise<StoredUser[]> {
	const rows = await sql<UserRow[]>`${SELECT(sql)} group by u.id order by u.username`;
	return rows.map(toUser);
}

/** Change what is given; sites replace the user's memberships. */
export async function updateUser(
	sql: Sql,
	id: string,
	change: { displayName?: string; role?: Role; sites?: string[]; disabled?: boolean; password?: string }
): Promise<StoredUser | null> {
	const passwordHash = change.password ? await hashPassword(change.password) : null;
	await sql.begin(async (tx) => {
		if (change.displayName !== undefined) await tx`update app_user set display_name = ${change.displayName} where id = ${id}`;
		if (change.role !== undefined) await tx`update app_user set role = ${change.role} where id = ${id}`;
		if (change.disabled !== undefined) {
			await tx`update app_user set disabled_at = ${change.disabled ? new Date() : null} where id = ${id}`;
		}
		if (passwordHash) await tx`update app_user set password_hash = ${passwordHash} where id = ${id}`;
		if (change.sites !== undefined) {
			await tx`delete from user_site where user_id = ${id}`;
			for (const site of change.sites) await tx`insert into user_site (user_id, site) values (${id}, ${site})`;
		}
	});
	return findUserById(sql, id);
}
