import postgres from 'postgres';
import type { Sql } from '../db/client';
import type { Clock } from '../clock';
import type { Logger } from '../log';
import type { Metrics } from '../metrics';
import type { DueItem } from './due-items';

/**
 * The PostgreSQL session advisory lock (single bigint key, 'SHW' 0x02) held by the one process
 * that runs the scheduler. Migrations hold 0x5348_5701 (db/migrate.ts). Advisory locks are per
 * database, so apps on other databases of the same server do not contend.
 */
export const SCHEDULER_LOCK = 0x5348_5702;

/** First wait after a failed firing, doubled on each further failure of the same key, up to the last. */
const BACKOFF_FIRST_MS = 1000;
const BACKOFF_MAX_MS = 5 * 60_000;

export interface SchedulerOptions {
	/** The app's pool; the scheduler opens one connection of its own with the same settings. */
	sql: Sql;
	/** Decides what is due (`due_at <= clock.now()`); a move of a controlled clock wakes the scheduler. */
	clock: Clock;
	log: Logger;
	metrics?: Pick<Metrics, 'dueItemsFired' | 'schedulerLeader'>;
	/**
	 * The caller's command for one item: it decides again under the stream's lock and removes or
	 * moves the item in its own transaction. It must bound its own time (its database calls have
	 * timeouts): `stop()` waits for it. A throw backs the key off; so does a success that leaves
	 * the item due unchanged (so a command that forgets to clear it cannot make the loop spin).
	 */
	fire: (item: DueItem) => Promise<void>;
	/** Period of the check (and of a non-leader's attempt to take the lock). Default 1000. */
	everyMs?: number;
	/** Items read per check, earliest first; a full batch is followed by another check at once. Default 100. */
	batch?: number;
	/** Client-side deadline of each of the scheduler's own statements (the server's statement_timeout also applies). Default 10000. */
	timeoutMs?: number;
}

export interface Scheduler {
	/** Begin checking every `everyMs`, and at once. */
	start(): void;
	/**
	 * Check at once (after a commit that may have set an item due now; a controlled clock's moves
	 * wake it by themselves). Resolves when a check begun after this call has finished; at once
	 * before `start` or after `stop`.
	 */
	wake(): Promise<void>;
	/** Wait for the firing in flight, release the lock, close the connection. */
	stop(): Promise<void>;
	/** Whether this process holds the lock (as of its last check). */
	isLeader(): boolean;
}

type LockClient = { sql: postgres.Sql<{ bigint: number }>; closed: boolean };

/**
 * The one scheduler: at most one process at a time fires due items, the holder of a session
 * advisory lock on a connection of the scheduler's own. The others try to take it every tick.
 * The leader loses the lead when that connection closes (detected by postgres.js's close hook,
 * and checked in pg_locks on every tick), and then tries again like anyone else.
 *
 * Guarantees: ticks never overlap; items fire one at a time, earliest first; an item whose
 * firing failed is retried after a growing delay (in memory, per leader). Exactly-once rests
 * with `fire`, which decides again under the stream lock: the lock only makes races rare.
 *
 * Why not `sql.reserve()`: in postgres.js 3.4.9 a reserved connection that dies goes back to
 * the pool's closed queue while the reserved handle still points at it, so a later query on the
 * handle can hang or share a session with pool queries. A dedicated one-connection client (the
 * way postgres.js runs `listen`) reconnects cleanly and reports its close.
 */
export function createScheduler(opts: SchedulerOptions): Scheduler {
	const { clock, log, metrics } = opts;
	const everyMs = opts.everyMs ?? 1000;
	const batch = opts.batch ?? 100;
	const timeoutMs = opts.timeoutMs ?? 10_000;

	let lock: LockClient | null = null;
	let leading = false;
	let stopped = false;
	let started = false;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let current: Promise<void> | null = null;
	let queued: { promise: Promise<void>; resolve: () => void } | null = null;
	let again = false;
	let unsubscribe = () => {};
	const backoff = new Map<string, { failures: number; untilMs: number }>();
	/** Items fired without error in the last check, by key: their due time then. */
	let firedLately = new Map<string, string>();

	const within = <T>(p: Promise<T>, what: string): Promise<T> => {
		let t: ReturnType<typeof setTimeout> | undefined;
		p.catch(() => undefined); // the loser of the race must not become an unhandled rejection
		const deadline = new Promise<never>((_, reject) => {
			t = setTimeout(() => reject(new Error(`scheduler: ${what} took longer than ${timeoutMs} ms`)), timeoutMs);
		});
		return Promise.race([p, deadline]).finally(() => clearTimeout(t));
	};

	const openLock = (): LockClient => {
		const parent = opts.sql.options as unknown as { connection?: Record<string, unknown> };
		const client: LockClient = { sql: undefined as never, closed: false };
		client.sql = postgres({
			...(opts.sql.options as object),
			max: 1,
			idle_timeout: null,
			max_lifetime: null,
			connection: { ...parent.connection, application_name: 'shouwang-scheduler' },
			onclose: () => void (client.closed = true)
		} as never) as unknown as LockClient['sql'];
		return client;
	};

	const closeLock = async () => {
		const client = lock;
		lock = null;
		await client?.sql.end({ timeout: 1 }).catch(() => undefined);
	};

	const loseLead = async (reason: string, err?: unknown) => {
		if (leading) log.warn({ err, reason }, 'scheduler: lost the lead; trying to take it again');
		leading = false;
		metrics?.schedulerLeader.set(0);
		backoff.clear();
		firedLately = new Map();
		await closeLock();
	};

	const tryLead = async () => {
		if (lock?.closed) await closeLock();
		lock ??= openLock();
		try {
			const [row] = await within(lock.sql<{ locked: boolean; pid: number }[]>`select pg_try_advisory_lock(${SCHEDULER_LOCK}) as locked, pg_backend_pid() as pid`.execute(), 'taking the lock');
			if (!row.locked) return;
			leading = true;
			metrics?.schedulerLeader.set(1);
			log.info({ pid: row.pid }, 'scheduler: leading (this process fires due items)');
		} catch (err) {
			log.debug({ err }, 'scheduler: could not try the lock; trying again');
			await closeLock(); // a lock granted but unanswered goes with its session
		}
	};

	/** The due items, unless the lock is gone (then null). Both statements leave in one round trip. */
	const readDue = async (nowIso: string, excluded: string[]): Promise<DueItem[] | null> => {
		const client = lock;
		if (!client || client.closed) return null;
		const held = client.sql<{ held: boolean }[]>`
			select exists (select 1 from pg_locks where locktype = 'advisory' and pid = pg_backend_pid()
				and classid = 0 and objid = ${SCHEDULER_LOCK}::int8::oid and objsubid = 1 and granted) as held`.execute();
		const due = client.sql<{ key: string; stream: string; kind: string; due_at: Date }[]>`
			select key, stream, kind, due_at from due_item
			where due_at <= ${nowIso}::timestamptz and key not in (select jsonb_array_elements_text(${client.sql.json(excluded)}::jsonb))
			order by due_at, key limit ${batch}`.execute();
		const [[h], rows] = await within(Promise.all([held, due]), 'reading due items');
		if (!h.held) return null;
		return rows.map((r) => ({ key: r.key, stream: r.stream, kind: r.kind, dueAt: r.due_at.toISOString() }));
	};

	const backOff = (item: DueItem, err: unknown, why: string) => {
		const failures = (backoff.get(item.key)?.failures ?? 0) + 1;
		const delayMs = Math.min(BACKOFF_FIRST_MS * 2 ** (failures - 1), BACKOFF_MAX_MS);
		backoff.set(item.key, { failures, untilMs: clock.nowMs() + delayMs });
		metrics?.dueItemsFired.inc({ kind: item.kind, outcome: 'failed' });
		log.warn({ err, key: item.key, kind: item.kind, stream: item.stream, failures, retryInMs: delayMs }, `scheduler: ${why}; backing off`);
	};

	const check = async () => {
		if (!leading) await tryLead();
		if (!leading) return;
		const nowMs = clock.nowMs();
		const excluded = [...backoff].filter(([, b]) => b.untilMs > nowMs).map(([key]) => key);
		let items: DueItem[] | null;
		try {
			items = await readDue(new Date(nowMs).toISOString(), excluded);
		} catch (err) {
			return loseLead('the lock connection failed', err);
		}
		if (!items) return loseLead('the lock is no longer held');
		if (items.length < batch) {
			// Every due item not backing off was read: a key backed off whose wait is over and that is
			// not among them is no longer due (removed or moved), so it is forgotten.
			const seen = new Set(items.map((i) => i.key));
			for (const [key, b] of backoff) if (b.untilMs <= nowMs && !seen.has(key)) backoff.delete(key);
		}
		const fired = new Map<string, string>();
		for (const item of items) {
			if (stopped) break;
			if (firedLately.get(item.key) === item.dueAt) {
				backOff(item, undefined, 'fired, but the item is still due unchanged (the command did not clear or move it)');
				continue;
			}
			try {
				await opts.fire(item);
				fired.set(item.key, item.dueAt);
				metrics?.dueItemsFired.inc({ kind: item.kind, outcome: 'ok' });
			} catch (err) {
				backOff(item, err, 'firing failed');
			}
		}
		// A success keeps the key's failure count: it is forgotten above once the key stops being due,
		// so a command that keeps failing, or keeps leaving its item due, waits longer each time.
		firedLately = fired;
		again = items.length === batch;
	};

	const runCheck = (): Promise<void> => {
		clearTimeout(timer);
		const run = check()
			.catch((err) => log.error({ err }, 'scheduler: check failed'))
			.finally(() => {
				current = null;
				if (stopped) return queued?.resolve();
				if (queued || again) {
					const waiting = queued;
					queued = null;
					again = false;
					void runCheck().then(() => waiting?.resolve());
				} else {
					timer = setTimeout(() => void wake(), everyMs);
				}
			});
		current = run;
		return run;
	};

	const wake = (): Promise<void> => {
		if (stopped || !started) return Promise.resolve();
		if (!current) return runCheck();
		if (!queued) {
			let resolve!: () => void;
			const promise = new Promise<void>((r) => (resolve = r));
			queued = { promise, resolve };
		}
		return queued.promise;
	};

	return {
		start() {
			if (started || stopped) return;
			started = true;
			unsubscribe = clock.onChange(() => void wake());
			void wake();
		},
		wake,
		async stop() {
			if (stopped) return;
			stopped = true;
			clearTimeout(timer);
			unsubscribe();
			await current;
			if (leading && lock && !lock.closed) {
				await within(lock.sql`select pg_advisory_unlock(${SCHEDULER_LOCK})`.execute(), 'releasing the lock').catch((err) => log.debug({ err }, 'scheduler: unlock failed; the session ends anyway'));
			}
			leading = false;
			metrics?.schedulerLeader.set(0);
			await closeLock();
		},
		isLeader: () => leading
	};
}
