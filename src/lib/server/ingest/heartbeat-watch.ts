import type { Sql } from '../db/client';
import type { Logger } from '../log';
import type { IngestWriter } from './writer';

/**
 * Devices that report a heartbeat interval and then fall silent for longer than it plus a
 * grace are marked offline, through the writer like any status report: `DeviceWentOffline`,
 * which opens a communication-fault incident. Their next heartbeat brings them back.
 */
export function startHeartbeatWatch(deps: { sql: Sql; writer: IngestWriter; clock: { now(): Date }; log: Logger; graceSeconds: number; everyMs?: number }) {
	let busy = false;
	const tick = async () => {
		if (busy || !deps.writer.healthy) return;
		busy = true;
		try {
			const now = deps.clock.now();
			const silent = await deps.sql<{ site: string; id: string; last_seen_at: Date }[]>`
				select site, id, last_seen_at from device
				where online and interval_s is not null
					and last_seen_at < ${now.toISOString()}::timestamptz - (interval_s + ${deps.graceSeconds}) * interval '1 second'`;
			await Promise.all(
				silent.map((d) =>
					deps.writer.write({
						kind: 'status',
						status: { site: d.site, device: d.id, online: false, at: null, interval: null, receivedAt: now, silentSince: d.last_seen_at },
						origin: { channel: 'system', topic: null, raw: Buffer.from(`heartbeat missed since ${d.last_seen_at.toISOString()}`) }
					})
				)
			);
			if (silent.length) deps.log.warn({ devices: silent.map((d) => `${d.site}/${d.id}`) }, 'devices went silent: marked offline');
		} catch (err) {
			deps.log.debug({ err }, 'heartbeat check failed; trying again');
		} finally {
			busy = false;
		}
	};
	const timer = setInterval(() => void tick(), deps.everyMs ?? 2000);
	return {
		stop: async () => {
			clearInterval(timer);
			while (busy) await new Promise((r) => setTimeout(r, 20));
		}
	};
}
