import type { Sql } from './db/client';

export interface Health {
	status: 'ok' | 'degraded';
	database: { ok: boolean; latencyMs: number | null; embedded: boolean };
	broker: { ok: boolean; embedded: boolean };
	ingest: { backlog: number; lastCommitAt: string | null };
}

/** Ping the database with a short deadline: a frozen server must not hang the health check. */
export async function pingDatabase(sql: Sql, timeoutMs = 2000): Promise<number | null> {
	const started = performance.now();
	const query = sql`select 1`;
	const timer = setTimeout(() => query.cancel(), timeoutMs);
	try {
		await Promise.race([query, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs + 200).unref())]);
		return Math.round(performance.now() - started);
	} catch {
		return null;
	} finally {
		clearTimeout(timer);
	}
}
