/**
 * The watchdog process: `build/watchdog.js`, built from this file by scripts/build-watchdog.js
 * and forked by the production host (src/watchdog-host.js) with an IPC channel. It watches the
 * app from outside, so it can still send when the app's database, or the app itself, is down:
 * it never loads the database layer (the build refuses a bundle that does).
 *
 * The host's messages: `{type: 'watchdog:target', url, token}` (where the app answers, and the
 * token that has the health check list the sites' watchers), sent at start and again once the app
 * listens; `{type: 'watchdog:stopping'}` before a clean shutdown, so the watchdog stays quiet.
 * The channel closing without that message means the app died: the watchdog says so and exits.
 *
 * Exit codes: 0 done (or WATCHDOG=off), 78 misconfigured or not started by the host (not restarted).
 */
import { parseWatchdogConfig, type WatchdogConfig } from '../../config';
import { createLogger } from '../../log';
import { sendThrough } from '../channels/channel';
import { Watchdog } from './watchdog';

const EX_CONFIG = 78;

function readConfig(): WatchdogConfig {
	try {
		return parseWatchdogConfig(process.env);
	} catch (err) {
		console.error(`watchdog: ${err instanceof Error ? err.message : err}`);
		process.exit(EX_CONFIG);
	}
}
const config = readConfig();
if (!config.enabled) process.exit(0);
if (!process.send) {
	console.error('watchdog: run by the production host (node src/server.js), which gives it an IPC channel');
	process.exit(EX_CONFIG);
}

const log = createLogger(config.logLevel).child({ component: 'watchdog', pid: process.pid });
const watchdog = new Watchdog({ config, log, send: sendThrough });
let stopping = false;

type HostMessage = { type: 'watchdog:target'; url: string; token: string } | { type: 'watchdog:stopping' };

process.on('message', (message: HostMessage) => {
	if (message?.type === 'watchdog:target' && typeof message.url === 'string' && typeof message.token === 'string') {
		watchdog.setTarget({ url: message.url, token: message.token, host: config.origin ? new URL(config.origin).host : undefined });
	} else if (message?.type === 'watchdog:stopping') {
		stopping = true;
		void watchdog.stop().finally(() => process.exit(0));
	}
});

process.on('disconnect', () => {
	if (stopping) return;
	stopping = true;
	void watchdog
		.appStopped()
		.catch((err) => log.error({ err }, 'watchdog: the last alert failed'))
		.finally(() => process.exit(0));
});

// Ctrl-C reaches the whole process group, and a service manager stops it whole: the host shuts
// down cleanly and the watchdog just stops. Killed alone, it is started again by the host.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		void watchdog.stop(1_000).finally(() => process.exit(0));
	});
}

await watchdog.start();
log.info({ intervalMs: config.intervalMs, graceMs: config.graceMs, unwatchedMs: config.unwatchedMs }, 'watchdog started');
