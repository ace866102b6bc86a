import { SIGN_IN_ACCOUNT_LIMIT, SIGN_IN_ADDRESS_LIMIT, SIGN_IN_WINDOW_MS } from '$lib/domain/access';
import type { Sql } from '../db/client';
import { addressKeyOf } from './client-meta';

export type ThrottleScope = 'account' | 'address';

/** One sign-in attempt, its fields already bounded (see `boundClientMeta`). */
export interface Attempt {
	username: string;
	address: string;
	userAgent: string | null;
}

/** A key's counters over a window that has ended, for its audit summary. */
export interface EndedWindow {
	scope: ThrottleScope;
	key: string;
	windowStart: Date;
	failures: number;
	refused: number;
	lastAddress: string | null;
	lastUserAgent: string | null;
}

export type Reservation =
	| { ok: true; /** Checks already reserved on the account in its window, this one not included. */ prior: number; /** Keys this attempt brought to their limit. */ full: ThrottleScope[] }
	| { ok: false; scope: ThrottleScope; retryAfterS: number };

const LIMITS: Record<ThrottleScope, number> = { account: SIGN_IN_ACCOUNT_LIMIT, address: SIGN_IN_ADDRESS_LIMIT };

interface EndedRow {
	scope: ThrottleScope;
	key: string;
	window_start: Date;
	failures: number;
	refused: number;
	last_address: string | null;
	last_user_agent: string | null;
}

const toEnded = (r: EndedRow): EndedWindow => ({
	scope: r.scope,
	key: r.key,
	windowStart: r.window_start,
	failures: r.failures,
	refused: r.refused,
	lastAddress: r.last_address,
	lastUserAgent: r.last_user_agent
});

const keyOf = (scope: ThrottleScope, a: Attempt) => (scope === 'account' ? a.username : addressKeyOf(a.address));

/**
 * Remove the counters whose window has ended (this attempt's two keys, or all when `attempt` is
 * omitted) and return them. A `delete … returning` hands each ended window to exactly one caller,
 * so its summary is written once even with several app processes on one database. An attempt's
 * keys are taken one statement each: no statement of an attempt holds two rows' locks, so none
 * can deadlock with the sweep.
 */
export async function takeEndedWindows(sql: Sql, attempt?: Attempt): Promise<EndedWindow[]> {
	const take = (key = sql``) =>
		sql<EndedRow[]>`
			delete from sign_in_throttle
			where window_start <= now() - ${SIGN_IN_WINDOW_MS}::int * interval '1 millisecond' ${key}
			returning scope, key, window_start, failures, refused, last_address, last_user_agent`;
	const rows = attempt
		? [...(await take(sql`and scope = 'address' and key = ${keyOf('address', attempt)}`)), ...(await take(sql`and scope = 'account' and key = ${attempt.username}`))]
		: await take();
	return rows.map(toEnded);
}

/**
 * Count one attempt on a key if it is under its limit, in the statement that checks the limit,
 * so parallel attempts can never get more than the limit of checks. Refused: the key's refusals
 * are counted instead and the seconds until its window ends returned.
 */
async function reserveOn(sql: Sql, scope: ThrottleScope, a: Attempt): Promise<{ ok: true; attempts: number } | { ok: false; retryAfterS: number }> {
	const [reserved] = await sql<{ attempts: number }[]>`
		insert into sign_in_throttle as t (scope, key, window_start, attempts, last_address, last_user_agent)
		values (${scope}, ${keyOf(scope, a)}, now(), 1, ${a.address}, ${a.userAgent})
		on conflict (scope, key) do update
			set attempts = t.attempts + 1, last_address = excluded.last_address, last_user_agent = excluded.last_user_agent
			where t.attempts < ${LIMITS[scope]}
		returning attempts`;
	if (reserved) return { ok: true, attempts: reserved.attempts };
	const [refused] = await sql<{ retry_s: number }[]>`
		update sign_in_throttle set refused = refused + 1
		where scope = ${scope} and key = ${keyOf(scope, a)}
		returning ceil(extract(epoch from window_start + ${SIGN_IN_WINDOW_MS}::int * interval '1 millisecond' - now()))::int as retry_s`;
	return { ok: false, retryAfterS: Math.max(1, refused?.retry_s ?? 1) };
}

/** Give an attempt's reservation on one key back. */
async function releaseOn(sql: Sql, scope: ThrottleScope, a: Attempt): Promise<void> {
	await sql`update sign_in_throttle set attempts = greatest(attempts - 1, 0) where scope = ${scope} and key = ${keyOf(scope, a)}`;
}

/**
 * Reserve a password check for this attempt on its address (any username) and then its account
 * (any address), before any password work. Refused by the address, the account is not touched
 * (so a spraying address cannot fill the table with usernames); refused by the account, the
 * address's reservation is given back. Each key's window starts at its first attempt and is
 * never extended: 429 lasts until it ends, never longer.
 */
export async function reserveAttempt(sql: Sql, a: Attempt): Promise<Reservation> {
	const address = await reserveOn(sql, 'address', a);
	if (!address.ok) return { ok: false, scope: 'address', retryAfterS: address.retryAfterS };
	const account = await reserveOn(sql, 'account', a);
	if (!account.ok) {
		await releaseOn(sql, 'address', a);
		return { ok: false, scope: 'account', retryAfterS: account.retryAfterS };
	}
	const full = (['address', 'account'] as const).filter((s) => (s === 'address' ? address.attempts : account.attempts) === LIMITS[s]);
	return { ok: true, prior: account.attempts - 1, full };
}

/**
 * A reserved check failed: it stays counted. Returns whether it is the account's first failure
 * in its window (the one audited on its own). One statement per row, so two attempts never
 * lock the same two rows in different orders.
 */
export async function recordFailure(sql: Sql, a: Attempt): Promise<{ first: boolean }> {
	await sql`update sign_in_throttle set failures = failures + 1 where scope = 'address' and key = ${keyOf('address', a)}`;
	const [account] = await sql<{ failures: number }[]>`
		update sign_in_throttle set failures = failures + 1, last_address = ${a.address}, last_user_agent = ${a.userAgent}
		where scope = 'account' and key = ${a.username}
		returning failures`;
	return { first: !account || account.failures === 1 };
}

/**
 * A reserved check succeeded: only its own reservation is given back. The account's earlier
 * failures stay counted until the window ends, so a guesser gains no tries from the real user
 * signing in meanwhile.
 */
export async function forgiveAttempt(sql: Sql, a: Attempt): Promise<void> {
	await releaseOn(sql, 'account', a);
	await releaseOn(sql, 'address', a);
}
