import { LOGIN_FAILURE_WINDOW_MS } from '$lib/domain/access';
import type { Sql } from '../db/client';

/** Failures for this (username, address) inside the window, and when the oldest leaves it. */
export async function getRecentFailures(sql: Sql, username: string, address: string): Promise<{ count: number; oldest: Date | null }> {
	const since = new Date(Date.now() - LOGIN_FAILURE_WINDOW_MS);
	const [row] = await sql<{ count: number; oldest: Date | null }[]>`
		select count(*)::int as count, min(at) as oldest from login_failure
		where username = ${username} and address = ${address} and at > ${since}`;
	return row;
}

export async function recordFailure(sql: Sql, username: string, address: string): Promise<void> {
	await sql`insert into login_failure (username, address, at) values (${username.slice(0, 200)}, ${address}, now())`;
	// Keep the table small: nothing older than the window matters.
	await sql`delete from login_failure where at < ${new Date(Date.now() - LOGIN_FAILURE_WINDOW_MS)}`;
}

export async function clearFailures(sql: Sql, username: string, address: string): Promise<void> {
	await sql`delete from login_failure where username = ${username} and address = ${address}`;
}
