import { COMM_FAULT_POINT } from '$lib/domain/incident/model';
import { evolveTestWindowRows, testWindows } from '$lib/domain/test-window/evolve';
import { isUnderTest, type ActiveTest } from '$lib/domain/test-window/model';
import type { Tx } from '../../db/client';
import { SiteRows, streamsOf, type Projection } from '../../event-log/projection';
import type { NewEvent } from '../../event-log/types';
import { listTests, toActiveTest, WINDOW_COLUMNS, type WindowRow } from './queries';
import { TEST_EXPIRY, testExpiryKey } from './timers';

/**
 * The test-mode projection (`test_window`) and the stamp it gives device events: an event
 * received while its device or point is in test carries `data.test = true` in the log itself,
 * so the incident rules, the consoles and a replay all read it the same way.
 */
interface TestWindowsState {
	rows: SiteRows<ActiveTest>;
}

/** The point a device event concerns, for test windows; null for events tests do not cover. */
function testPointOf(e: NewEvent): string | null {
	if (e.sourceKind !== 'device') return null;
	switch (e.type) {
		case 'AlarmRaised':
		case 'AlarmCleared':
			return e.data.point;
		case 'DeviceWentOffline':
		case 'DeviceCameOnline':
			return COMM_FAULT_POINT;
		default:
			return null;
	}
}

export const testWindowsProjection: Projection<TestWindowsState, ActiveTest> = {
	name: 'tests',
	rule: testWindows,
	/** The windows of the sites a batch writes to with device inputs or test-mode steps (none: no query). */
	async load(tx: Tx, items) {
		const sites = [
			...new Set([
				...streamsOf(items, 'device'),
				...items.flatMap((i) => (i.kind === 'event' && (i.event.type === 'TestModeStarted' || i.event.type === 'TestModeEnded') ? [i.event.stream] : []))
			])
		];
		if (!sites.length) return { rows: new SiteRows<ActiveTest>() };
		const rows = await tx.unsafe<WindowRow[]>(`select ${WINDOW_COLUMNS} from test_window where site = any($1)`, [sites]);
		return { rows: new SiteRows(rows.map(toActiveTest)) };
	},
	/** The event as it is to be stored: marked as a test when it falls in a window (by the server's clock). */
	stamp(e, state) {
		const point = testPointOf(e);
		if (point === null) return e;
		const windows = [...state.rows.of(e.stream).values()];
		if (!windows.length || !isUnderTest(windows, e.stream, e.sourceId, point, e.receivedAt)) return e;
		return { ...e, data: { ...e.data, test: true } } as NewEvent;
	},
	evolve: (state, e) => evolveTestWindowRows(state.rows.of(e.site), e),
	persist(tx, state) {
		const writes: Promise<unknown>[] = [];
		for (const [site, { upsert, remove }] of state.rows.changes()) {
			for (const t of upsert) writes.push(insertWindow(tx, site, t).execute());
			for (const id of remove) {
				const cut = id.indexOf('/'); // device ids have no '/'; points may
				const device = id.slice(0, cut);
				const point = id.slice(cut + 1);
				writes.push(tx`delete from test_window where site = ${site} and device = ${device} and point = ${point === '*' ? '' : point}`.execute());
			}
		}
		return writes;
	},
	/** Each window running keeps a due item for its expiry at `until`. */
	due(state) {
		const set = [];
		const clear = [];
		for (const [site, { upsert, remove }] of state.rows.changes()) {
			for (const t of upsert) set.push({ key: testExpiryKey(site, t.id), stream: site, kind: TEST_EXPIRY, dueAt: t.until });
			for (const id of remove) clear.push(testExpiryKey(site, id));
		}
		return { set, clear };
	},
	updates: (state) => state.rows.changes(),
	list: (sql, site) => listTests(sql, site),
	stored: (sql, site) => listTests(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from test_window where site = ${site}`;
		for (const t of rows) await insertWindow(tx, site, t);
	}
};

function insertWindow(tx: Tx, site: string, t: ActiveTest) {
	return tx`
		insert into test_window (site, device, point, until, reason, started_by, started_at, seq)
		values (${site}, ${t.device}, ${t.point ?? ''}, ${t.until}, ${t.reason}, ${t.startedBy}, ${t.startedAt}, ${t.seq})
		on conflict (site, device, point) do update set until = excluded.until, reason = excluded.reason,
			started_by = excluded.started_by, started_at = excluded.started_at, seq = excluded.seq`;
}
