import { createHash, timingSafeEqual } from 'node:crypto';
import type { Sql } from './db/client';
import type { SiteWatchView } from './realtime/site-watchers';

export interface Health {
	status: 'ok' | 'degraded';
	database: { ok: boolean; latencyMs: number | null; embedded: boolean };
	broker: { ok: boolean; embedded: boolean };
	ingest: {
		/** Inputs queued for the next commit. */
		backlog: number;
		lastCommitAt: string | null;
		/** Inputs not yet committed (queued and in a commit under way), and when the oldest of them arrived. */
		waiting: number;
		oldestWaitingAt: string | null;
	};
	/** Only for the watchdog (its token in `WATCHDOG_TOKEN_HEADER`): the sites and the live pages watching each. */
	sites?: SiteWatchView[];
}

/** The header the watchdog sends its token in: the sites and who watches them are for it alone. */
export const WATCHDOG_TOKEN_HEADER = 'x-shouwang-watchdog';

/** Whether `given` is the watchdog's token (compared in constant time); false without a token. */
export function isWatchdogToken(given: string | null | undefined, token: string | null | undefined): boolean {
	if (!given || !token) return false;
	const digest = (s: string) => createHash('sha256').update(s).digest();
	return timingSafeEqual(digest(given), digest(token));
}

export interface HealthSources {
	sql: Sql;
	writer: { healthy: boolean; backlog: number; waiting: number; lastCommitAt: Date | null; oldestWaitingAt: Date | null };
	brokerOk: () => boolean;
	embedded: { database: boolean; broker: boolean };
	sites: { list(): SiteWatchView[] };
	/** The token the host gave its watchdog, or null (no watchdog: `vite dev`, WATCHDOG=off). */
	watchdogToken: string | null;
}

/** The health check: the database pinged with a short deadline, the writer's and broker's state; the sites for the watchdog only. */
export async function checkHealth(src: HealthSources, watchdogToken?: string | null): Promise<Health> {
	const latencyMs = await pingDatabase(src.sql);
	const dbOk = latencyMs !== null && src.writer.healthy;
	const brokerOk = src.brokerOk();
	const { writer } = src;
	return {
		status: dbOk && brokerOk ? 'ok' : 'degraded',
		database: { ok: dbOk, latencyMs, embedded: src.embedded.database },
		broker: { ok: brokerOk, embedded: src.embedded.broker },
		ingest: {
			backlog: writer.backlog,
			lastCommitAt: writer.lastCommitAt?.toISOString() ?? null,
			waiting: writer.waiting,
			oldestWaitingAt: writer.oldestWaitingAt?.toISOString() ?? null
		},
		...(isWatchdogToken(watchdogToken, src.watchdogToken) ? { sites: src.sites.list() } : {})
	};
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
