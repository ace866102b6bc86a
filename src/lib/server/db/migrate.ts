import path from 'node:path';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDatabase, type DbTarget } from './client';
import { SYSTEM_STREAM } from '$lib/domain/envelope';

const MIGRATION_LOCK = 0x5348_5701; // arbitrary, constant

/**
 * Apply the committed drizzle-kit migrations over one dedicated connection, holding an
 * advisory lock so that several app processes starting together migrate once.
 */
export async function migrateDatabase(target: DbTarget, timeoutMs: number, migrationsFolder = path.resolve('drizzle')): Promise<void> {
	const { sql } = createDatabase(target, Math.max(timeoutMs, 60_000), 1);
	try {
		await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
		await migrate(drizzle(sql as never), { migrationsFolder });
		await sql`insert into stream_head (stream, seq) values (${SYSTEM_STREAM}, 0) on conflict do nothing`;
		await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`;
	} finally {
		await sql.end({ timeout: 5 });
	}
}
