import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope } from '$lib/domain/events';
import { decideTestStart, type TestRefusal, type TestStart } from '$lib/domain/test-window/decide';
import type { TestEndedData } from '$lib/domain/test-window/events';
import type { Tx } from '../../db/client';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';

export type TestOutcome = { ok: true; event: EventEnvelope } | { ok: false; reason: TestRefusal | 'unknown_site' };

/** HTTP status of a refusal: about the input 400; an unknown device, point or site 404; not in test 409. */
export const statusOfTestRefusal = (r: TestRefusal | 'unknown_site') =>
	r === 'unknown_device' || r === 'unknown_point' || r === 'unknown_site' ? 404 : r === 'not_in_test' ? 409 : 400;

/** Who ends expired windows, in the log. */
export const TEST_EXPIRY_SOURCE = 'test-mode';

/** The alarm points the plan lists for a device; null when it lists none (any point is then accepted). */
async function listDevicePoints(tx: Tx, site: string, device: string): Promise<string[] | null> {
	const rows = await tx<{ id: string }[]>`
		select f -> 'properties' ->> 'id' as id
		from site s, jsonb_array_elements(s.plan -> 'features') f
		where s.id = ${site} and f -> 'properties' ->> 'kind' = 'alarm_point' and f -> 'properties' ->> 'device' = ${device}`;
	return rows.length ? rows.map((r) => r.id) : null;
}

const firstEvent = (outcome: { ok: true; envelopes: EventEnvelope[] }): TestOutcome => ({ ok: true, event: outcome.envelopes[0] });

/**
 * An operator puts a device, or one of its points, in test until a set time. Decided under the
 * site's stream lock, which the writer takes too: no alarm of that device is stamped by the
 * window before its start is in the log.
 */
export async function startTest(run: RunCommand, user: SessionUser, site: string, input: TestStart): Promise<TestOutcome> {
	const outcome = await run<TestRefusal | 'unknown_site'>(site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'unknown_site' };
		const [device] = await tx`select 1 from device where site = ${site} and id = ${input.device}`;
		const points = device ? await listDevicePoints(tx, site, input.device) : null;
		const decision = decideTestStart(input, { device: !!device, points }, now);
		if (!decision.ok) return decision;
		return { ok: true, events: [newEvent({ stream: site, type: 'TestModeStarted', sourceKind: 'user', sourceId: user.id, data: decision.data }, now)] };
	});
	return outcome.ok ? firstEvent(outcome) : outcome;
}

/** The `until` of a window still running at `now`, or null. */
async function findRunningWindow(tx: Tx, site: string, target: { device: string; point: string | null }, now: Date): Promise<string | null> {
	const [row] = await tx<{ until: Date }[]>`
		select until from test_window where site = ${site} and device = ${target.device} and point = ${target.point ?? ''} and until > ${now.toISOString()}`;
	return row ? row.until.toISOString() : null;
}

/** An operator ends a test early: the device's alarms open incidents again from now. */
export async function endTest(run: RunCommand, user: SessionUser, site: string, target: { device: string; point: string | null }): Promise<TestOutcome> {
	const outcome = await run<TestRefusal | 'unknown_site'>(site, async ({ tx, head, now }) => {
		if (head === null) return { ok: false, reason: 'unknown_site' };
		const until = await findRunningWindow(tx, site, target, now);
		if (!until) return { ok: false, reason: 'not_in_test' };
		const data: TestEndedData = { device: target.device, point: target.point, how: 'ended', until };
		return { ok: true, events: [newEvent({ stream: site, type: 'TestModeEnded', sourceKind: 'user', sourceId: user.id, data }, now)] };
	});
	return outcome.ok ? firstEvent(outcome) : outcome;
}

/**
 * Log the end of a window whose time is up (once: its source id names the window), so the log
 * and the consoles say the point is back to normal. The stamp already stopped at `until`.
 * Decided under the site's lock on the window as it stands: ended or restarted since, nothing.
 */
export async function expireTest(run: RunCommand, site: string, windowId: string, item: DueItem): Promise<boolean> {
	const cut = windowId.indexOf('/'); // device ids have no '/'; points may
	const device = windowId.slice(0, cut);
	const point = windowId.slice(cut + 1) === '*' ? null : windowId.slice(cut + 1);
	const outcome = await run<'not_due'>(
		site,
		async ({ tx, now }) => {
			const [row] = await tx<{ until: Date }[]>`select until from test_window where site = ${site} and device = ${device} and point = ${point ?? ''}`;
			if (!row || row.until.getTime() > now.getTime()) {
				await clearDueItem(tx, item);
				return { ok: false, reason: 'not_due' };
			}
			const until = row.until.toISOString();
			const data: TestEndedData = { device, point, how: 'expired', until };
			return {
				ok: true,
				events: [newEvent({ stream: site, type: 'TestModeEnded', sourceKind: 'system', sourceId: TEST_EXPIRY_SOURCE, sourceEventId: `${device}/${point ?? '*'}/${until}`, data }, now)]
			};
		},
		{ channel: 'system', topic: null }
	);
	return outcome.ok;
}
