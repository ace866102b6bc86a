import fs from 'node:fs';
import path from 'node:path';
import { signInCookie, ADMIN_PASSWORD, type RunningApp } from '../../tests/fixtures/app';
import type { Finding } from './findings';

/** The app's whole output into a file (the fixture keeps only its tail). */
function teeAppLog(running: RunningApp, file: string) {
	fs.writeFileSync(file, running.logs());
	const append = (c: Buffer) => fs.appendFileSync(file, c);
	running.child.stdout?.on('data', append);
	running.child.stderr?.on('data', append);
}

/**
 * The scanned app kept serving: its output in `outDir/app*.log`; an exit while the tools run is a
 * finding (a crash), or, after a clean "SIGTERM/SIGINT: shutting down", a stop from outside the
 * scan. Either way the app is started again at once on the same port and data, so the tool in
 * progress goes on against it.
 */
export function watchApp(running: RunningApp, findings: Finding[], outDir: string) {
	let phase = 'start';
	let stopping = false;
	let restarting: Promise<void> | undefined;

	const watch = () =>
		running.child.once('exit', (code, signal) => {
			if (stopping) return;
			const tail = running.logs().slice(-3000);
			const stopped = code === 0 && /(SIGTERM|SIGINT): shutting down/.test(tail);
			findings.push({
				tool: 'app',
				kind: stopped ? 'stopped-from-outside' : 'exited',
				request: `during ${phase}, at ${new Date().toISOString()}`,
				detail: `${stopped ? 'a signal from outside the scan stopped it (not a crash; what the tool sent meanwhile was refused)' : `exit ${code ?? signal}`}; last output:\n${tail}`
			});
			console.log(`scan: the app ${stopped ? 'was stopped from outside' : `exited (${code ?? signal})`} during ${phase}: starting it again`);
			restarting = running.restart().then(() => {
				teeAppLog(running, path.join(outDir, `app-after-${phase.replace(/\W+/g, '-')}.log`));
				watch();
			});
		});
	teeAppLog(running, path.join(outDir, 'app.log'));
	watch();

	return {
		/** What runs now, to say when the app went down. */
		setPhase(name: string) {
			phase = name;
		},
		/** After each tool: the app up again if it went down, and the admin still signed in (or signed in again). */
		async settle(cookie: string): Promise<string> {
			while (restarting) {
				const r = restarting;
				await r;
				if (restarting === r) restarting = undefined;
			}
			const r = await fetch(`${running.baseUrl}/api/users`, { headers: { cookie } });
			if (r.status === 200) return cookie;
			console.log(`scan: the admin's session no longer works after ${phase} (${r.status}): signing in again`);
			return signInCookie(running.baseUrl, 'admin', ADMIN_PASSWORD);
		},
		/** The scan is ending: an exit from now on is ours. Waits for a restart in progress. */
		async stop() {
			stopping = true;
			await restarting?.catch(() => undefined);
		}
	};
}
