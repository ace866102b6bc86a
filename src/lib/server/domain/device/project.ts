import { decideStatusReport, deviceStatuses, evolveDeviceState, evolveDeviceStatus, silentAt, type DeviceState, type DeviceStatus } from '$lib/domain/device/status';
import type { Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { NewEvent, WriteItem } from '../../event-log/types';
import { listDeviceStatuses } from './queries';
import { DEVICE_SILENCE, deviceSilenceKey } from './timers';

interface DevicesState {
	/** The devices the batch may touch, by `site/id`, as decided and evolved so far. */
	known: Map<string, DeviceState>;
	/** Sightings and changes to write, by `site/id`. */
	touched: Set<string>;
	/** What the consoles see: online ↔ offline, changed by events only. */
	rows: SiteRows<DeviceStatus>;
}

const keyOf = (site: string, id: string) => `${site}/${id}`;

/** Devices with a status report in the batch, or an online/offline event from a command (the silence timer). */
const wantedBy = (items: readonly WriteItem[]) =>
	items.flatMap((i) =>
		i.kind === 'status'
			? [{ site: i.status.site, id: i.status.device }]
			: i.kind === 'event' && (i.event.type === 'DeviceWentOffline' || i.event.type === 'DeviceCameOnline')
				? [{ site: i.event.stream, id: i.event.sourceId }]
				: []
	);

/**
 * Devices' online state (`device`): decided from status reports (`decideStatusReport`), so a
 * heartbeat becomes an event only when it changes the state; otherwise it is a sighting that
 * moves last-seen. A device that announced a heartbeat period keeps a due item for the moment
 * it counts as silent. The consoles receive the online state, changed by the events.
 */
export const createDevicesProjection = (graceSeconds: number): Projection<DevicesState, DeviceStatus> => ({
	name: 'devices',
	rule: deviceStatuses,
	async load(tx: Tx, items) {
		const state: DevicesState = { known: new Map(), touched: new Set(), rows: new SiteRows<DeviceStatus>() };
		const wanted = wantedBy(items);
		if (!wanted.length) return state;
		// Locked: the heartbeat decision reads and writes the row in this transaction.
		const rows = await tx<{ site: string; id: string; online: boolean | null; interval_s: number | null; last_seen_at: Date | null }[]>`
			select d.site, d.id, d.online, d.interval_s, d.last_seen_at
			from device d join jsonb_to_recordset(${tx.json(wanted as never)}::jsonb) as w(site text, id text) on d.site = w.site and d.id = w.id
			order by d.site, d.id
			for update of d`;
		for (const r of rows) {
			state.known.set(keyOf(r.site, r.id), { site: r.site, id: r.id, online: r.online, intervalS: r.interval_s, lastSeenAt: r.last_seen_at?.toISOString() ?? null });
		}
		state.rows = new SiteRows([...state.known.values()].flatMap((d) => (d.online === null ? [] : [{ site: d.site, id: d.id, online: d.online }])));
		return state;
	},
	decideStatus(report, state) {
		const key = keyOf(report.site, report.device);
		const decided = decideStatusReport(state.known.get(key), report.site, report.device, report);
		state.known.set(key, decided.next);
		state.touched.add(key);
		if (!decided.change) return null;
		return {
			stream: report.site,
			type: decided.change.type,
			sourceKind: 'device',
			sourceId: report.device,
			sourceEventId: null,
			at: decided.change.at,
			receivedAt: report.receivedAt,
			data: decided.change.data
		} as NewEvent;
	},
	evolve(state, e) {
		evolveDeviceStatus(state.rows.of(e.site), e);
		const key = keyOf(e.site, e.source.id);
		const before = state.known.get(key);
		const after = evolveDeviceState(before, e);
		if (after !== before && after) {
			state.known.set(key, after);
			state.touched.add(key);
		}
	},
	persist(tx, state) {
		if (!state.touched.size) return [];
		const rows = [...state.touched].map((k) => {
			const d = state.known.get(k)!;
			return { site: d.site, id: d.id, online: d.online, interval_s: d.intervalS, last_seen_at: d.lastSeenAt };
		});
		// Plain assignment, no greatest(): receipt times come from one clock, so the newest write is the
		// latest sighting, and a last-seen that a device's clock once put in the future is repaired.
		return [
			tx`
				insert into device (site, id, online, interval_s, last_seen_at)
				select site, id, online, interval_s, last_seen_at
				from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(site text, id text, online bool, interval_s int4, last_seen_at timestamptz)
				on conflict (site, id) do update set
					online = excluded.online, interval_s = excluded.interval_s, last_seen_at = excluded.last_seen_at`.execute()
		];
	},
	due(state) {
		const set = [];
		const clear = [];
		for (const k of state.touched) {
			const d = state.known.get(k)!;
			const at = silentAt(d, graceSeconds);
			if (at) set.push({ key: deviceSilenceKey(d.site, d.id), stream: d.site, kind: DEVICE_SILENCE, dueAt: at.toISOString() });
			else clear.push(deviceSilenceKey(d.site, d.id));
		}
		return { set, clear };
	},
	updates: (state) => state.rows.changes(),
	list: (sql, site) => listDeviceStatuses(sql, site),
	stored: (sql, site) => listDeviceStatuses(sql, site),
	/** Only the online state: last-seen and the announced period come from heartbeats, which are not events. */
	async replace(tx, site, rows) {
		await tx`update device set online = null where site = ${site} and online is not null`;
		if (!rows.length) return;
		await tx`
			insert into device (site, id, online)
			select site, id, online from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(site text, id text, online bool)
			on conflict (site, id) do update set online = excluded.online`;
	}
});
