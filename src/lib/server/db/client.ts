import postgres from 'postgres';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import * as schema from './schema';

export type Sql = postgres.Sql<{ bigint: number }>;
export type Tx = postgres.TransactionSql<{ bigint: number }>;
/** What reads need: the pool or a transaction alike, so a snapshot can read in one transaction with the same queries. */
export type Queryable = postgres.ISql<{ bigint: number }>;
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

/**
 * One driver (postgres.js) for embedded and external PostgreSQL. `sql` serves the hand-written
 * queries of the hot path; `db` (drizzle) gets a client of its own because drizzle rewrites its
 * client's json and timestamp serializers, which would break `sql.json()` and Date parsing.
 * postgres.js connects lazily, so an unused `db` costs no connection.
 */
export function createDatabase(target: DbTarget, timeoutMs: number, max = 10): { sql: Sql; db: Db; close(): Promise<void> } {
	const connect = (poolSize: number) =>
		(
			'url' in target
				? postgres(target.url, common(timeoutMs, poolSize))
				: postgres({ path: target.socketPath, user: target.user, database: target.database, ...common(timeoutMs, poolSize) })
		) as unknown as Sql;
	const sql = connect(max);
	const drizzleClient = connect(Math.max(1, Math.floor(max / 2)));
	const db = drizzle(drizzleClient as never, { schema });
	const close = async () => {
		await Promise.all([sql.end({ timeout: 5 }), drizzleClient.end({ timeout: 5 })]);
	};
	return { sql, db, close };
}
