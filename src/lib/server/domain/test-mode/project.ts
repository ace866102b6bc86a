import type { EventEnvelope } from '$lib/domain/event';
import { COMM_FAULT_POINT, isUnderTest, type TestWindow } from '$lib/domain/incident';
import type { TestEndedData, TestStartedData } from '$lib/domain/test-mode';
import type { Tx } from '../../db/client';
import type { NewEvent, WriteItem } from '../../event-log/types';

/**
 * The test-mode projection (`test_window`) and the stamp it gives device events: an event
 * received while its device or point is in test carries `data.test = true` in the log itself,
 * so the incident rules, the consoles and a replay all read it the same way.
 */

/** The open windows of the sites whose devices write in this batch (none: no query). */
export function loadTestWindows(tx: Tx, items: WriteItem[]): Promise<TestWindow[]> {
	const sites = [
		...new Set(items.flatMap((i) => (i.kind === 'event' && i.event.sourceKind === 'device' ? [i.event.stream] : i.kind === 'status' ? [i.status.site] : [])))
	];
	if (sites.length === 0) return Promise.resolve([]);
	return tx<{ site: string; device: string; point: string; until: Date }[]>`
		select site, device, point, until from test_window where site = any(${sites})`
		.execute()
		.then((rows) => rows.map((r) => ({ site: r.site, device: r.device, ...(r.point !== '' && { point: r.point }), until: r.until.toISOString() })));
}

/** The point a device event concerns, for test windows; null for events tests do not cover. */
function testPointOf(e: NewEvent): string | null {
	if (e.sourceKind !== 'device') return null;
	switch (e.type) {
		case 'AlarmRaised':
		case 'AlarmCleared':
			return String((e.data as { point?: unknown }).point ?? '');
		case 'DeviceWentOffline':
		case 'DeviceCameOnline':
			return COMM_FAULT_POINT;
		default:
			return null;
	}
}

/** The event as it is to be stored: marked as a test when it falls in a window (by the server's clock). */
export function stampTestEvent(e: NewEvent, windows: readonly TestWindow[]): NewEvent {
	if (windows.length === 0) return e;
	const point = testPointOf(e);
	if (point === null || !isUnderTest(windows, e.stream, e.sourceId, point, e.receivedAt)) return e;
	return { ...e, data: { ...e.data, test: true } };
}

/** The windows' writes for this batch's test-mode events, sent unawaited with the event insert. */
export function applyTestWindows(tx: Tx, envelopes: readonly EventEnvelope[]): Promise<unknown>[] {
	const writes: Promise<unknown>[] = [];
	for (const e of envelopes) {
		if (e.type === 'TestModeStarted') {
			const d = e.data as unknown as TestStartedData;
			writes.push(
				tx`
					insert into test_window (site, device, point, until, reason, started_by, started_at, seq)
					values (${e.site}, ${d.device}, ${d.point ?? ''}, ${d.until}, ${d.reason}, ${e.source.id}, ${e.receivedAt}, ${e.seq})
					on conflict (site, device, point) do update set until = excluded.until, reason = excluded.reason,
						started_by = excluded.started_by, started_at = excluded.started_at, seq = excluded.seq`.execute()
			);
		} else if (e.type === 'TestModeEnded') {
			const d = e.data as unknown as TestEndedData;
			writes.push(
				d.how === 'ended'
					? tx`delete from test_window where site = ${e.site} and device = ${d.device} and point = ${d.point ?? ''}`.execute()
					: tx`delete from test_window where site = ${e.site} and device = ${d.device} and point = ${d.point ?? ''} and until = ${d.until}`.execute()
			);
		}
	}
	return writes;
}
