import type { EventEnvelope } from '../events';
import type { RowSet } from '../projection';

/**
 * Whether each device is online: decided from its own status reports (heartbeats) and from the
 * server's inference that it fell silent. A report becomes an event only when it changes the
 * device's state; otherwise it is a sighting, which moves last-seen and nothing else.
 */

/** A device as the status rules see it. `lastSeenAt` is the server's time of receipt, never the device's. */
export interface DeviceState {
	site: string;
	id: string;
	/** Null until the device first reported. */
	online: boolean | null;
	/** The heartbeat period it announced, in seconds. */
	intervalS: number | null;
	lastSeenAt: string | null;
}

/** What the consoles receive: a device's online state, changed only by events. */
export interface DeviceStatus {
	site: string;
	id: string;
	online: boolean;
}

export const deviceStatusId = (d: Pick<DeviceStatus, 'id'>) => d.id;

export interface StatusReport {
	online: boolean;
	/** The device's own time, if it gave one. */
	at: Date | null;
	interval: number | null;
	receivedAt: Date;
	/**
	 * Not a report from the device but the server's inference that it went silent: applies only
	 * if the device has still not been seen since this time (a heartbeat may just have come in).
	 */
	silentSince?: Date;
}

export type StatusChange =
	| { type: 'DeviceCameOnline'; at: Date; data: { interval?: number } }
	| { type: 'DeviceWentOffline'; at: Date; data: { interval?: number } | { reason: 'heartbeat_missed'; lastSeenAt: string | null } };

/**
 * The device after a report, and the event to append when it changed online ↔ offline. Last-seen
 * is the receipt time: a clock that claims 2099 would otherwise keep a silent device "online".
 * An inference of silence moves no timestamps and applies only if still silent.
 */
export function decideStatusReport(
	current: DeviceState | undefined,
	site: string,
	id: string,
	report: StatusReport
): { next: DeviceState; change: StatusChange | null } | null {
	if (report.silentSince) {
		if (!current || current.online !== true || (current.lastSeenAt && Date.parse(current.lastSeenAt) > report.silentSince.getTime())) return null;
		return {
			next: { ...current, online: false },
			change: { type: 'DeviceWentOffline', at: report.receivedAt, data: { reason: 'heartbeat_missed', lastSeenAt: current.lastSeenAt } }
		};
	}
	const next: DeviceState = {
		site,
		id,
		online: report.online,
		intervalS: report.interval ?? current?.intervalS ?? null,
		lastSeenAt: report.receivedAt.toISOString()
	};
	if ((current?.online ?? null) === report.online) return { next, change: null };
	const data = report.interval !== null ? { interval: report.interval } : {};
	return { next, change: { type: report.online ? 'DeviceCameOnline' : 'DeviceWentOffline', at: report.at ?? report.receivedAt, data } };
}

/** When a device that announced a heartbeat period counts as silent, or null when it never will. */
export function silentAt(d: DeviceState, graceSeconds: number): Date | null {
	if (d.online !== true || d.intervalS === null || d.lastSeenAt === null) return null;
	return new Date(Date.parse(d.lastSeenAt) + (d.intervalS + graceSeconds) * 1000);
}

/** The consoles' device states after one event. */
export function evolveDeviceStatus(devices: RowSet<DeviceStatus>, e: EventEnvelope): void {
	if (e.source.kind !== 'device' || (e.type !== 'DeviceCameOnline' && e.type !== 'DeviceWentOffline')) return;
	const online = e.type === 'DeviceCameOnline';
	if (devices.get(e.source.id)?.online === online) return;
	devices.set({ site: e.site, id: e.source.id, online });
}
