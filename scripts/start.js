// `npm start`: build the app if the build is missing or older than the sources, then run the
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

const built = 'build/handler.js';
const sources = Math.max(newestMtime('src'), newestMtime('drizzle'), statSync('package.json').mtimeMs);
if (!existsSync(built) || statSync(built).mtimeMs < sources) {
	console.log('Building Shouwang…');
	const r = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
await import('../src/server.js');
