import type { EventEnvelope } from '$lib/domain/event';
import {
	COMM_FAULT,
	COMM_FAULT_POINT,
	evolveIncident,
	formatIncidentKey,
	incidentIdOf,
	incidentKeyOf,
	isIncidentOpen,
	type Incident,
	type IncidentKey
} from '$lib/domain/incident';
import type { Tx } from '../../db/client';
import type { WriteItem } from '../../event-log/types';

/** The open incidents a batch may touch, read with the streams' heads locked. */
export interface LoadedIncidents {
	byId: Map<string, Incident>;
	openByKey: Map<string, string>;
}

/**
 * The keys and ids a batch's inputs can touch, known before the events are numbered: alarms'
 * keys, steps' incident ids, and for status reports the device's communication-fault key (a
 * heartbeat may turn into DeviceWentOffline / DeviceCameOnline).
 */
function wantedBy(items: WriteItem[]): { keys: IncidentKey[]; ids: string[] } {
	const keys = new Map<string, IncidentKey>();
	const ids = new Set<string>();
	for (const item of items) {
		if (item.kind === 'status') {
			const key = { site: item.status.site, device: item.status.device, point: COMM_FAULT_POINT, alarmType: COMM_FAULT } as const;
			keys.set(formatIncidentKey(key), key);
			continue;
		}
		if (item.kind !== 'event') continue;
		const e = item.event;
		// The envelope fields the incident rules read; the seq is not known yet.
		const probe = { site: e.stream, seq: 0, type: e.type, id: e.sourceEventId, source: { kind: e.sourceKind, id: e.sourceId }, at: '', receivedAt: '', data: e.data as Record<string, unknown> };
		const key = incidentKeyOf(probe);
		if (key) keys.set(formatIncidentKey(key), key);
		const id = incidentIdOf(probe);
		if (id) ids.add(id);
	}
	return { keys: [...keys.values()], ids: [...ids] };
}

/** One statement, sent together with the head lock; none when the batch touches no incident. */
export async function loadIncidents(tx: Tx, items: WriteItem[]): Promise<LoadedIncidents> {
	const loaded: LoadedIncidents = { byId: new Map(), openByKey: new Map() };
	const { keys, ids } = wantedBy(items);
	if (!keys.length && !ids.length) return loaded;
	const rows = await tx<{ state: Incident }[]>`
		select i.state from incident i where i.id = any(${ids})
		union
		select i.state from incident i
		join jsonb_to_recordset(${tx.json(keys.map((k) => ({ site: k.site, device: k.device, point: k.point, kind: k.alarmType })) as never)}::jsonb)
			as k(site text, device text, point text, kind text)
			on i.site = k.site and i.device = k.device and i.point = k.point and i.kind = k.kind
		where i.status not in ('resolved', 'closed')`;
	for (const { state } of rows) {
		loaded.byId.set(state.id, state);
		if (isIncidentOpen(state)) loaded.openByKey.set(formatIncidentKey(state), state.id);
	}
	return loaded;
}

/**
 * Evolve the loaded incidents by the batch's appended events (`evolveIncident`, the same rules
 * a replay runs) and write the changed ones. The write is returned unawaited so it travels with
 * the event insert in one round trip. Returns the incidents that changed, for `incident:updated`.
 */
export function applyIncidents(tx: Tx, envelopes: EventEnvelope[], loaded: LoadedIncidents): { incidents: Incident[]; write: Promise<unknown> | null } {
	const { byId, openByKey } = loaded;
	// Updates are written before inserts: an incident resolved in this batch leaves the open-key
	// index before a new one with its key enters it.
	const before = new Set(byId.keys());
	const changed = new Set<string>();
	for (const e of envelopes) {
		const key = incidentKeyOf(e);
		const id = key ? openByKey.get(formatIncidentKey(key)) : incidentIdOf(e);
		if (!key && !id) continue;
		const current = id ? byId.get(id) : undefined;
		const next = evolveIncident(current, e);
		if (!next || next === current) continue;
		byId.set(next.id, next);
		changed.add(next.id);
		if (isIncidentOpen(next)) openByKey.set(formatIncidentKey(next), next.id);
		else openByKey.delete(formatIncidentKey(next));
	}
	if (!changed.size) return { incidents: [], write: null };

	const incidents = [...changed].sort((a, b) => Number(before.has(b)) - Number(before.has(a))).map((id) => byId.get(id)!);
	const rows = incidents.map((i, n) => ({
		n,
		id: i.id,
		site: i.site,
		device: i.device,
		point: i.point,
		kind: i.alarmType,
		status: i.status,
		priority: i.priority,
		opened_at: i.openedAt,
		last_seq: i.lastSeq,
		state: i
	}));
	const write = tx`
		insert into incident (id, site, device, point, kind, status, priority, opened_at, last_seq, state)
		select id, site, device, point, kind, status, priority, opened_at, last_seq, state
		from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
			id text, site text, device text, point text, kind text, status text, priority int4,
			opened_at timestamptz, last_seq int8, state jsonb, n int8)
		order by n
		on conflict (id) do update set
			status = excluded.status, priority = excluded.priority, last_seq = excluded.last_seq, state = excluded.state`;
	return { incidents, write: write.execute() };
}
