import { QUEUE_STATUSES, COMM_FAULT, COMM_FAULT_POINT, OPEN_STATUSES, isIncidentOpen, type Incident, type IncidentKey } from '$lib/domain/incident/model';
import { applyIncidentEvent, emptyIncidentIndex, incidents as incidentRule, type IncidentIndex } from '$lib/domain/incident/evolve';
import { formatIncidentKey, incidentIdOf, incidentKeyOf } from '$lib/domain/incident/key';
import type { RowChanges } from '$lib/domain/projection';
import { nextEscalationAt, type EscalationConfig } from '$lib/domain/incident/escalation';
import { ESCALATION, escalationKey } from './timers';
import type { EventEnvelope } from '$lib/domain/events';
import type { Queryable, Tx } from '../../db/client';
import type { Projection } from '../../event-log/projection';
import type { WriteItem } from '../../event-log/types';
import { listIncidents } from './queries';
import { listCurrentVersions } from '../procedure/queries';
import { rulesOf } from '$lib/domain/checklist/rules';
import { newEvent } from '../../commands';
import type { NewEvent } from '../../event-log/types';

/** Who attaches checklists, in the log. */
export const PROCEDURES_SOURCE = 'procedures';

/**
 * The checklist of each incident the batch opened: its kind's procedure at the current version
 * (none when the kind has no procedure). One read, only when the batch opened an incident.
 */
async function attachChecklists(tx: Tx, state: IncidentsState, now: Date): Promise<NewEvent[]> {
	const opened = [...state.changed].filter((id) => !state.loaded.has(id)).map((id) => state.byId.get(id)!);
	if (!opened.length) return [];
	const procedures = await listCurrentVersions(tx, [...new Set(opened.map((i) => i.alarmType))]);
	return opened.flatMap((i) => {
		const p = procedures.get(i.alarmType);
		if (!p) return [];
		const data = { incident: i.id, procedure: p.id, version: p.version, openedAt: i.openedAt, steps: rulesOf(p), ...(i.drill ? { drill: true } : {}) };
		return [newEvent({ stream: i.site, type: 'ChecklistAttached', sourceKind: 'system', sourceId: PROCEDURES_SOURCE, sourceEventId: `checklist/${i.id}`, data }, now)];
	});
}

/** The open incidents a batch may touch, and which of them its events changed. */
interface IncidentsState extends IncidentIndex {
	/** The incidents as loaded before the batch: their rows exist, so they are written before new ones. */
	loaded: Map<string, Incident>;
	changed: Set<string>;
}

/**
 * The keys and ids a batch's inputs can touch, known before the events are numbered: alarms'
 * keys, steps' incident ids, and for status reports the device's communication-fault key (a
 * heartbeat may turn into DeviceWentOffline / DeviceCameOnline).
 */
function wantedBy(items: readonly WriteItem[]): { keys: IncidentKey[]; ids: string[] } {
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
		const probe = { site: e.stream, seq: 0, type: e.type, id: e.sourceEventId, source: { kind: e.sourceKind, id: e.sourceId }, at: '', receivedAt: '', data: e.data } as EventEnvelope;
		const key = incidentKeyOf(probe);
		if (key) keys.set(formatIncidentKey(key), key);
		const id = incidentIdOf(probe);
		if (id) ids.add(id);
	}
	return { keys: [...keys.values()], ids: [...ids] };
}

/** One statement, sent together with the head lock; none when the batch touches no incident. */
async function loadIncidents(tx: Tx, items: readonly WriteItem[]): Promise<IncidentsState> {
	const state: IncidentsState = { ...emptyIncidentIndex(), loaded: new Map(), changed: new Set() };
	const { keys, ids } = wantedBy(items);
	if (!keys.length && !ids.length) return state;
	const rows = await tx<{ state: Incident }[]>`
		select i.state from incident i where i.id = any(${ids})
		union
		select i.state from incident i
		join jsonb_to_recordset(${tx.json(keys.map((k) => ({ site: k.site, device: k.device, point: k.point, kind: k.alarmType })) as never)}::jsonb)
			as k(site text, device text, point text, kind text)
			on i.site = k.site and i.device = k.device and i.point = k.point and i.kind = k.kind
		where i.status = any(${OPEN_STATUSES as string[]})`;
	for (const { state: incident } of rows) {
		state.byId.set(incident.id, incident);
		state.loaded.set(incident.id, incident);
		if (isIncidentOpen(incident)) state.openByKey.set(formatIncidentKey(incident), incident.id);
	}
	return state;
}

/** Changed incidents, updates before inserts: one resolved in this batch leaves the open-key index before a new one with its key enters it. */
const changedOf = (s: IncidentsState) => [...s.changed].sort((a, b) => Number(s.loaded.has(b)) - Number(s.loaded.has(a))).map((id) => s.byId.get(id)!);

/**
 * The incidents projection (`incident`): `applyIncidentEvent`, the rule a replay runs too. The
 * console's queue shows open and resolved incidents: a closed one leaves it (`remove`). Each
 * unacknowledged incident keeps a due item for its next escalation (`nextEscalationAt`).
 */
export const createIncidentsProjection = (escalation: EscalationConfig): Projection<IncidentsState, Incident> => ({
	name: 'incidents',
	rule: incidentRule,
	load: loadIncidents,
	evolve(state, e) {
		const changed = applyIncidentEvent(state, e);
		if (changed) state.changed.add(changed.id);
	},
	follow: attachChecklists,
	persist(tx, state) {
		if (!state.changed.size) return [];
		return [upsertIncidents(tx, changedOf(state))];
	},
	updates(state) {
		const bySite = new Map<string, RowChanges<Incident>>();
		for (const i of changedOf(state)) {
			let c = bySite.get(i.site);
			if (!c) bySite.set(i.site, (c = { upsert: [], remove: [] }));
			if (QUEUE_STATUSES.includes(i.status)) c.upsert.push(i);
			else c.remove.push(i.id);
		}
		return bySite;
	},
	due(state) {
		const set = [];
		const clear = [];
		for (const i of changedOf(state)) {
			const at = nextEscalationAt(i, escalation);
			// A repeat of the alarm changes the incident, rarely its due time: write only a move.
			const loaded = state.loaded.get(i.id);
			if (loaded && nextEscalationAt(loaded, escalation) === at) continue;
			if (at) set.push({ key: escalationKey(i.id), stream: i.site, kind: ESCALATION, dueAt: at });
			else clear.push(escalationKey(i.id));
		}
		return { set, clear };
	},
	list: (sql, site) => listIncidents(sql, [site], QUEUE_STATUSES),
	stored: async (sql: Queryable, site) => (await sql<{ state: Incident }[]>`select state from incident where site = ${site}`).map((r) => r.state),
	async replace(tx, site, rows) {
		await tx`delete from incident where site = ${site}`;
		await upsertIncidents(tx, rows);
	}
});

/** Write incidents in the order given (updates before inserts, see `changedOf`). */
function upsertIncidents(tx: Tx, incidents: readonly Incident[]): Promise<unknown> {
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
	return tx`
		insert into incident (id, site, device, point, kind, status, priority, opened_at, last_seq, state)
		select id, site, device, point, kind, status, priority, opened_at, last_seq, state
		from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(
			id text, site text, device text, point text, kind text, status text, priority int4,
			opened_at timestamptz, last_seq int8, state jsonb, n int8)
		order by n
		on conflict (id) do update set
			status = excluded.status, priority = excluded.priority, last_seq = excluded.last_seq, state = excluded.state`.execute();
}
