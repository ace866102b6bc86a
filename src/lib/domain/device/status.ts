import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';

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
}

export type StatusChange = { type: 'DeviceCameOnline' | 'DeviceWentOffline'; at: Date; data: { interval?: number } };

/**
 * The device after a report, and the event to append when it changed online ↔ offline. Last-seen
 * is the receipt time: a clock that claims 2099 would otherwise keep a silent device "online".
 */
export function decideStatusReport(
	current: DeviceState | undefined,
	site: string,
	id: string,
	report: StatusReport
): { next: DeviceState; change: StatusChange | null } {
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

/** Whether the device has been silent past its period and the grace at `now`: the server then marks it offline. */
export function isSilent(d: DeviceState, graceSeconds: number, now: Date): boolean {
	const at = silentAt(d, graceSeconds);
	return at !== null && at.getTime() <= now.getTime();
}

/** When a device that announced a heartbeat period counts as silent, or null when it never will. */
export function silentAt(d: DeviceState, graceSeconds: number): Date | null {
	if (d.online !== true || d.intervalS === null || d.lastSeenAt === null) return null;
	return new Date(Date.parse(d.lastSeenAt) + (d.intervalS + graceSeconds) * 1000);
}

/** The device's state after one of its online/offline events (a report's, or the server's inference of silence). */
export function evolveDeviceState(d: DeviceState | undefined, e: EventEnvelope): DeviceState | undefined {
	if (e.source.kind !== 'device' || (e.type !== 'DeviceCameOnline' && e.type !== 'DeviceWentOffline') || !d) return d;
	const online = e.type === 'DeviceCameOnline';
	return d.online === online ? d : { ...d, online };
}

/** The consoles' device states after one event. */
export function evolveDeviceStatus(devices: RowSet<DeviceStatus>, e: EventEnvelope): void {
	if (e.source.kind !== 'device' || (e.type !== 'DeviceCameOnline' && e.type !== 'DeviceWentOffline')) return;
	const online = e.type === 'DeviceCameOnline';
	if (devices.get(e.source.id)?.online === online) return;
	devices.set({ site: e.site, id: e.source.id, online });
}

/** Devices' online state (`devices`): a device appears with its first online/offline event. */
export const deviceStatuses = rowSetProjection<DeviceStatus>('devices', evolveDeviceStatus);
