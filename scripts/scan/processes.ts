import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/** The Debian packages the scan runs; both are in Debian bookworm's main archive. */
export const SCANNERS = [
	{ command: 'wapiti', pkg: 'wapiti', version: ['--version'] },
	{ command: 'sqlmap', pkg: 'sqlmap', version: ['--version'] }
] as const;

const installed = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/**
 * Make sure wapiti and sqlmap are on PATH. As root outside CI they are installed with apt-get
 * (the project's machines are handed out fresh and run as root, so a scan that first asks for a
 * manual install is a scan nobody runs); anywhere else the command to run is printed and the
 * scan stops. Returns each tool's version line.
 */
export function ensureScanners(): Record<string, string> {
	const missing = SCANNERS.filter((s) => !installed(s.command)).map((s) => s.pkg);
	if (missing.length) {
		const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
		if (process.getuid?.() !== 0 || process.env.CI) {
			throw new Error(`${missing.join(' and ')} not installed: run \`${process.getuid?.() === 0 ? '' : 'sudo '}sh -c '${command}'\` (Debian packages)`);
		}
		console.log(`scan: installing ${missing.join(', ')}: ${command}`);
		const apt = (...args: string[]) => spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
		// A fresh machine's package lists may not know them yet: update only when the install fails.
		if (apt('install', '-y', ...missing).status !== 0 && (apt('update').status !== 0 || apt('install', '-y', ...missing).status !== 0)) {
			throw new Error(`apt-get could not install ${missing.join(' ')}`);
		}
	}
	const versions: Record<string, string> = {};
	for (const s of SCANNERS) {
		const out = spawnSync(s.command, s.version, { encoding: 'utf8' });
		const text = `${out.stdout}\n${out.stderr}`;
		versions[s.command] = /\b\d+\.\d+(\.\d+)?(#\w+)?/.exec(text.replace(/\x1b\[[0-9;]*m/g, ''))?.[0] ?? 'unknown';
	}
	return versions;
}

/** Each tool's wait for one answer: more than the app's own deadline (its database timeout, 10 s, plus 2 s). */
export const TOOL_TIMEOUT_S = 15;

export interface BoundedRun {
	code: number | null;
	/** True when the time limit was reached and the tool was killed. */
	timedOut: boolean;
	seconds: number;
}

/** The children started here, so an interrupted scan can kill them (each in its own process group). */
const running = new Set<ChildProcess>();

/** SIGKILL every tool still running (its whole process group: both tools are Python and may fork). */
export function killRunningTools(): void {
	for (const child of running) {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	}
	running.clear();
}

/**
 * Run a tool with its output in `logFile` and a hard time limit: past `seconds` it gets
 * SIGTERM and, 10 s later, SIGKILL. Its own limits (wapiti's per-phase times) are softer
 * than this one, which only guards the scan's total time.
 */
export function runBounded(command: string, args: string[], opts: { seconds: number; logFile: string; echo?: boolean }): Promise<BoundedRun> {
	const out = fs.openSync(opts.logFile, 'a');
	fs.writeSync(out, `$ ${command} ${args.map((a) => (/[\s"'{}*&;]/.test(a) ? `'${a}'` : a)).join(' ')}\n`);
	const started = Date.now();
	// Detached: a Ctrl-C in the terminal reaches us, not wapiti (which would then wait for an answer on stdin).
	const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out] });
	running.add(child);
	let timedOut = false;
	const term = setTimeout(() => {
		timedOut = true;
		try {
			process.kill(-child.pid!, 'SIGTERM');
		} catch {
			// already gone
		}
	}, opts.seconds * 1000);
	const kill = setTimeout(() => {
		try {
			process.kill(-child.pid!, 'SIGKILL');
		} catch {
			// already gone
		}
	}, (opts.seconds + 10) * 1000);
	return new Promise((resolve) => {
		child.on('exit', (code) => {
			clearTimeout(term);
			clearTimeout(kill);
			running.delete(child);
			fs.closeSync(out);
			resolve({ code, timedOut, seconds: Math.round((Date.now() - started) / 1000) });
		});
	});
}
