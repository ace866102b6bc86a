// `npm start`: build the app and its watchdog if missing or older than the sources, then run the
// production host. With no configuration this is the embedded profile with the demo estate.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(dir) {
	let newest = 0;
	for (const entry of readdirSync(dir, { withFileTypes: true })) {
		const p = path.join(dir, entry.name);
		if (entry.isDirectory()) {
			if (entry.name !== 'paraglide') newest = Math.max(newest, newestMtime(p));
		} else newest = Math.max(newest, statSync(p).mtimeMs);
	}
	return newest;
}

const sources = Math.max(newestMtime('src'), newestMtime('drizzle'), statSync('package.json').mtimeMs);
const stale = (/** @type {string} */ built) => !existsSync(built) || statSync(built).mtimeMs < sources;
/** @param {string} what @param {string[]} command */
function build(what, command) {
	console.log(`Building ${what}…`);
	const r = spawnSync(command[0], command.slice(1), { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
// vite build empties build/, so the watchdog (its own process, build/watchdog.js) is built after it.
const app = stale('build/handler.js');
if (app) build('Shouwang', ['npx', 'vite', 'build']);
if (app || stale('build/watchdog.js')) build('the watchdog', [process.execPath, 'scripts/build-watchdog.js']);
await import('../src/server.js');
