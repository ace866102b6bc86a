// The production host's side of the watchdog: build/watchdog.js (scripts/build-watchdog.js) run
// as a child process, so it can still send when this process, or its database, is down. It gets
// the environment (its settings are parsed by config.ts there), where the app answers and a token
// for the health check's site list over its IPC channel, and is told before a clean shutdown;
// the channel closing without that tells it the app died. Started again if it crashes.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../build/watchdog.js', import.meta.url));
const RESTART_MS = 5_000;
/** Exit codes after which it is not started again: done or switched off, and misconfigured. */
const FINAL_EXITS = new Set([0, 78]);

/** An address this machine reaches the listener on: the wildcard addresses by loopback. */
function reachable(/** @type {string} */ host) {
	if (host === '0.0.0.0' || host === '') return '127.0.0.1';
	if (host === '::') return '[::1]';
	return host.includes(':') ? `[${host}]` : host;
}

/**
 * Fork the watchdog. `token` goes to the app too (through the globalThis handle), for the health check.
 * @param {{ protocol: 'http' | 'https', host: string, port: number }} listener
 */
export function startWatchdog(listener) {
	const token = randomBytes(32).toString('base64url');
	let url = `${listener.protocol}://${reachable(listener.host)}:${listener.port}`;
	/** @type {import('node:child_process').ChildProcess | null} */
	let child = null;
	let stopping = false;
	const target = () => child?.connected && child.send({ type: 'watchdog:target', url, token }, () => undefined);
	const spawn = () => {
		if (!existsSync(ENTRY)) return void console.warn('Watchdog not started: build/watchdog.js is missing (npm run build builds it).');
		const proc = fork(ENTRY, [], { execArgv: [], stdio: 'inherit' });
		child = proc;
		target();
		proc.on('exit', (code) => {
			if (stopping || child !== proc || FINAL_EXITS.has(code ?? -1)) return;
			console.error(`Watchdog exited (${code ?? 'signal'}); starting it again in ${RESTART_MS / 1000} s`);
			setTimeout(() => !stopping && spawn(), RESTART_MS).unref();
		});
	};
	spawn();
	return {
		token,
		/** The listener's real port (PORT=0 takes a free one). */
		listening(/** @type {number} */ port) {
			url = `${listener.protocol}://${reachable(listener.host)}:${port}`;
			target();
		},
		/** A clean shutdown: tell it to stay quiet, and wait for it to exit (at most `ms`). */
		async stop(ms = 5_000) {
			stopping = true;
			const proc = child;
			if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
			const exited = new Promise((r) => proc.once('exit', r));
			if (proc.connected) proc.send({ type: 'watchdog:stopping' }, () => undefined);
			else proc.kill('SIGTERM');
			await Promise.race([exited, new Promise((r) => setTimeout(r, ms).unref())]);
		}
	};
}
