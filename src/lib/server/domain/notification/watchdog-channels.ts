import { WATCHDOG_KIND } from '$lib/domain/notification/model';
import type { Queryable } from '../../db/client';
import type { Logger } from '../../log';
import { writeWatchdogChannels, type WatchdogChannel } from '../../notify/watchdog/channels-file';

/** The enabled channels that take the watchdog's messages, with their secrets, by id. */
export async function listWatchdogChannels(sql: Queryable): Promise<WatchdogChannel[]> {
	return await sql<WatchdogChannel[]>`
		select id, name, config, sites from notification_channel
		where enabled and ${WATCHDOG_KIND} = any(kinds) order by id`;
}

/**
 * Keeps the watchdog's copy of its channels (`watchdog-channels.json` in the data folder) equal to
 * the table. `refresh` rewrites it from the database, one write at a time in call order, so the
 * last call's state is what stays; it never throws (a failure is logged, the old copy stays).
 */
export function createWatchdogChannelsCopy(deps: { sql: Queryable; dataDir: string; log: Logger; now: () => Date }): { refresh(): Promise<void> } {
	let last: Promise<void> = Promise.resolve();
	return {
		refresh() {
			last = last.then(async () => {
				try {
					const channels = await listWatchdogChannels(deps.sql);
					await writeWatchdogChannels(deps.dataDir, channels, deps.now());
					deps.log.debug({ channels: channels.length }, 'watchdog channels written');
				} catch (err) {
					deps.log.error({ err }, 'could not write the watchdog channels; the watchdog keeps its last copy');
				}
			});
			return last;
		}
	};
}
