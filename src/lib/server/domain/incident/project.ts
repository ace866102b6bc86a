import type { EventEnvelope } from '$lib/domain/event';
import { evolveIncident, formatIncidentKey, incidentIdOf, incidentKeyOf, isIncidentOpen, type Incident } from '$lib/domain/incident';
import type { Tx } from '../../db/client';

/**
 * Bring the incidents projection up to date with a batch of just-appended events, inside the
 * appending transaction (which holds the streams' heads, so no other writer moves these
 * incidents meanwhile). Two statements for a batch that touches incidents, none otherwise.
 * Returns the incidents that changed, for `incident:updated`.
 */
export async function projectIncidents(tx: Tx, envelopes: EventEnvelope[]): Promise<Incident[]> {
	const relevant = envelopes.filter((e) => incidentKeyOf(e) || incidentIdOf(e));
	if (!relevant.length) return [];

	const keys = new Map<string, { site: string; device: string; point: string; kind: string }>();
	const ids = new Set<string>();
	for (const e of relevant) {
		const key = incidentKeyOf(e);
		if (key) keys.set(formatIncidentKey(key), { site: key.site, device: key.device, point: key.point, kind: key.alarmType });
		else ids.add(incidentIdOf(e)!);
	}
	const rows = await tx<{ state: Incident }[]>`
		select i.state from incident i where i.id = any(${[...ids]})
		union
		select i.state from incident i
		join jsonb_to_recordset(${tx.json([...keys.values()] as never)}::jsonb) as k(site text, device text, point text, kind text)
			on i.site = k.site and i.device = k.device and i.point = k.point and i.kind = k.kind
		where i.status not in ('resolved', 'closed')`;

	const byId = new Map<string, Incident>();
	const openByKey = new Map<string, string>();
	for (const { state } of rows) {
		byId.set(state.id, state);
		if (isIncidentOpen(state)) openByKey.set(formatIncidentKey(state), state.id);
	}
	// Incidents as they were, so the upsert writes updates before inserts: an incident resolved in
	// this batch leaves the open-key index before a new one with its key enters it.
	const before = new Set(byId.keys());
	const changed = new Set<string>();
	for (const e of relevant) {
		const key = incidentKeyOf(e);
		const id = key ? openByKey.get(formatIncidentKey(key)) : incidentIdOf(e)!;
		const current = id === undefined ? undefined : byId.get(id);
		const next = evolveIncident(current, e);
		if (!next || next === current) continue;
		byId.set(next.id, next);
		changed.add(next.id);
		if (isIncidentOpen(next)) openByKey.set(formatIncidentKey(next), next.id);
		else openByKey.delete(formatIncidentKey(next));
	}
	if (!changed.size) return [];

	const incidents = [...changed].sort((a, b) => Number(before.has(b)) - Number(before.has(a))).map((id) => byId.get(id)!);
	const upserts = incidents.map((i, n) => ({
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
	await tx`
		insert into incident (id, site, device, point, kind, status, priority, opened_at, last_seq, state)
		select id, site, device, point, kind, status, priority, opened_at, last_seq, state
		from jsonb_to_recordset(${tx.json(upserts as never)}::jsonb) as x(
			id text, site text, device text, point text, kind text, status text, priority int4,
			opened_at timestamptz, last_seq int8, state jsonb, n int8)
		order by n
		on conflict (id) do update set
			status = excluded.status, priority = excluded.priority, last_seq = excluded.last_seq, state = excluded.state`;
	return incidents;
}
