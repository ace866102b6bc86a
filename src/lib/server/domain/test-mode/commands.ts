import type { SessionUser } from '$lib/domain/access';
import type { EventEnvelope, EventType } from '$lib/domain/event';
import { decideTestStart, listExpiredTests, type ActiveTest, type TestEndedData, type TestRefusal, type TestStart } from '$lib/domain/test-mode';
import type { Sql, Tx } from '../../db/client';
import { appendInTransaction } from '../../event-log/append';
import type { ProjectionChanges, WriteItem } from '../../event-log/types';
import type { Logger } from '../../log';
import { projectAll } from '../projections';
import { listTests } from './queries';

export type TestOutcome =
	| { ok: true; event: EventEnvelope; envelopes: EventEnvelope[]; changes: ProjectionChanges }
	| { ok: false; reason: TestRefusal | 'unknown_site' };

/** HTTP status of a refusal: about the input 400; an unknown device, point or site 404; not in test 409. */
export const statusOfTestRefusal = (r: TestRefusal | 'unknown_site') =>
	r === 'unknown_device' || r === 'unknown_point' || r === 'unknown_site' ? 404 : r === 'not_in_test' ? 409 : 400;

/** Who ends expired windows, in the log. */
export const TEST_EXPIRY_SOURCE = 'test-mode';

async function append(tx: Tx, site: string, type: EventType, source: { kind: 'user' | 'system'; id: string; eventId: string | null }, data: object) {
	const now = new Date();
	const item: WriteItem = {
		kind: 'event',
		event: { stream: site, type, sourceKind: source.kind, sourceId: source.id, sourceEventId: source.eventId, at: now, receivedAt: now, data },
		origin: { channel: source.kind === 'user' ? 'http' : 'system', topic: null, raw: Buffer.from(JSON.stringify(data)) }
	};
	const result = await appendInTransaction(tx, [item], { lookUpDuplicates: true, project: projectAll });
	return { ok: true as const, event: result.envelopes[0], envelopes: result.envelopes, changes: result.changes };
}

/** The alarm points the plan lists for a device; null when it lists none (any point is then accepted). */
async function listDevicePoints(tx: Tx, site: string, device: string): Promise<string[] | null> {
	const rows = await tx<{ id: string }[]>`
		select f -> 'properties' ->> 'id' as id
		from site s, jsonb_array_elements(s.plan -> 'features') f
		where s.id = ${site} and f -> 'properties' ->> 'kind' = 'alarm_point' and f -> 'properties' ->> 'device' = ${device}`;
	return rows.length ? rows.map((r) => r.id) : null;
}

/**
 * An operator puts a device, or one of its points, in test until a set time. Decided and
 * appended under the site's stream head lock, which the writer takes too: no alarm of that
 * device is stamped by the window before its start is in the log.
 */
export async function startTest(sql: Sql, user: SessionUser, site: string, input: TestStart): Promise<TestOutcome> {
	return (await sql.begin(async (tx) => {
		const [head] = await tx`select seq from stream_head where stream = ${site} for update`;
		if (!head) return { ok: false, reason: 'unknown_site' };
		const [device] = await tx`select 1 from device where site = ${site} and id = ${input.device}`;
		const points = device ? await listDevicePoints(tx, site, input.device) : null;
		const decision = decideTestStart(input, { device: !!device, points }, new Date());
		if (!decision.ok) return decision;
		return append(tx, site, 'TestModeStarted', { kind: 'user', id: user.id, eventId: null }, decision.data);
	})) as TestOutcome;
}

/** An operator ends a test early: the device's alarms open incidents again from now. */
export async function endTest(sql: Sql, user: SessionUser, site: string, target: { device: string; point: string | null }): Promise<TestOutcome> {
	return (await sql.begin(async (tx) => {
		const [head] = await tx`select seq from stream_head where stream = ${site} for update`;
		if (!head) return { ok: false, reason: 'unknown_site' };
		const [row] = await tx<{ until: Date }[]>`
			select until from test_window where site = ${site} and device = ${target.device} and point = ${target.point ?? ''} and until > now()`;
		if (!row) return { ok: false, reason: 'not_in_test' };
		const data: TestEndedData = { device: target.device, point: target.point, how: 'ended', until: row.until.toISOString() };
		return append(tx, site, 'TestModeEnded', { kind: 'user', id: user.id, eventId: null }, data);
	})) as TestOutcome;
}

/**
 * Logs the end of every window whose time is up (each once: its id names the window), so the
 * log and the consoles say the point is back to normal. The stamp already stopped at `until`.
 */
export function startTestExpiry(deps: { sql: Sql; log: Logger; publish: (envelopes: EventEnvelope[], changes: ProjectionChanges) => void; everyMs?: number }) {
	let busy = false;
	const tick = async () => {
		if (busy) return;
		busy = true;
		try {
			for (const t of listExpiredTests(await listTests(deps.sql, null), new Date())) await expire(t);
		} catch (err) {
			deps.log.debug({ err }, 'test-mode expiry failed; trying again');
		} finally {
			busy = false;
		}
	};
	const expire = async (t: ActiveTest) => {
		const data: TestEndedData = { device: t.device, point: t.point ?? null, how: 'expired', until: t.until };
		const result = await deps.sql.begin(async (tx) => {
			await tx`select seq from stream_head where stream = ${t.site} for update`;
			const [still] = await tx`select 1 from test_window where site = ${t.site} and device = ${t.device} and point = ${t.point ?? ''} and until = ${t.until}`;
			if (!still) return null;
			return append(tx, t.site, 'TestModeEnded', { kind: 'system', id: TEST_EXPIRY_SOURCE, eventId: `${t.device}/${t.point ?? '*'}/${t.until}` }, data);
		});
		if (result) deps.publish(result.envelopes, result.changes);
	};
	const timer = setInterval(() => void tick(), deps.everyMs ?? 1000);
	return { stop: () => clearInterval(timer) };
}
