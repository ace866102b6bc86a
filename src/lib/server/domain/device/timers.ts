import { isSilent, type DeviceState } from '$lib/domain/device/status';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';

/** The due-item kind of a device falling silent (its heartbeat period and the grace passed). */
export const DEVICE_SILENCE = 'device-silence';
export const deviceSilenceKey = (site: string, device: string) => `${DEVICE_SILENCE}:${site}/${device}`;

/**
 * Fire a device's silence: decided again under the site's lock on the device as it stands (a
 * heartbeat may just have come in), a `DeviceWentOffline` from the server, which opens a
 * communication-fault incident. Its next heartbeat brings it back.
 */
export const deviceSilenceTimer = (run: RunCommand, graceSeconds: number) => async (item: DueItem) => {
	const rest = item.key.slice(DEVICE_SILENCE.length + 1);
	const cut = rest.indexOf('/');
	const site = rest.slice(0, cut);
	const id = rest.slice(cut + 1);
	const outcome = await run<'not_silent'>(
		site,
		async ({ tx, now }) => {
			const [row] = await tx<{ online: boolean | null; interval_s: number | null; last_seen_at: Date | null }[]>`
				select online, interval_s, last_seen_at from device where site = ${site} and id = ${id}`;
			const device: DeviceState | null = row ? { site, id, online: row.online, intervalS: row.interval_s, lastSeenAt: row.last_seen_at?.toISOString() ?? null } : null;
			if (!device || !isSilent(device, graceSeconds, now)) {
				await clearDueItem(tx, item);
				return { ok: false, reason: 'not_silent' };
			}
			const data = { reason: 'heartbeat_missed' as const, lastSeenAt: device.lastSeenAt };
			return { ok: true, events: [newEvent({ stream: site, type: 'DeviceWentOffline', sourceKind: 'device', sourceId: id, data }, now)] };
		},
		{ channel: 'system', topic: null }
	);
	return outcome.ok;
};
