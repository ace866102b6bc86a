import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql<{ bigint: number }>;
export type Tx = postgres.TransactionSql<{ bigint: number }>;
export type Db = PostgresJsDatabase<typeof schema>;

export type DbTarget = { url: string } | { socketPath: string; user: string; database: string };

const common = (timeoutMs: number, max: number) => ({
	max,
	connect_timeout: Math.ceil(timeoutMs / 1000),
	idle_timeout: 60,
	onnotice: () => {},
	// Every statement has a server-side timeout; callers add their own deadline for a frozen server.
	connection: { statement_timeout: timeoutMs, application_name: 'shouwang' },
	types: {
		// int8 columns (seq, ids) as numbers: seqs stay far below 2^53.
		bigint: { to: 20, from: [20], serialize: (x: number) => String(x), parse: (x: string) => Number(x) }
	}
});

/** One driver (postgres.js) for embedded and external PostgreSQL; drizzle on top of it. */
export function createDatabase(target: DbTarget, timeoutMs: number, max = 10): { sql: Sql; db: Db } {
	const sql = (
		'url' in target
			? postgres(target.url, common(timeoutMs, max))
			: postgres({ path: target.socketPath, user: target.user, database: target.database, ...common(timeoutMs, max) })
	) as unknown as Sql;
	return { sql, db: drizzle(sql as never, { schema }) };
}
