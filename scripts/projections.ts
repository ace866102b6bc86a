// `npm run projections -- check|rebuild [--site <id>]…`: every stored view against the log.
//   check    replay each site's whole log through the registry and list every row where a stored
//            projection (or keyframe) differs from the replay; exit 1 if any
//   rebuild  replace the stored projections and keyframes with the replay (after a rule fix);
//            each site's writers wait for its rebuild, nothing is refused
// The system stream's views (the duty shift) are checked and rebuilt from it too (`--site system`
// alone, or with no `--site`).
// Works on the database the app is configured with (DATABASE_URL, or the embedded server in
// DATA_DIR while the app runs).
import { parseConfig } from '../src/lib/server/config';
import { createDatabase } from '../src/lib/server/db/client';
import { getCliDbTarget } from '../src/lib/server/db/cli-target';
import { createProjections } from '../src/lib/server/projections';
import { checkProjections, rebuildProjections, type CheckReport } from '../src/lib/server/replay/check';

const USAGE = 'usage: npm run projections -- check|rebuild [--site <id>]…';
const SHOWN = 50;

const [command, ...rest] = process.argv.slice(2);
const sites: string[] = [];
let valid = command === 'check' || command === 'rebuild';
for (let i = 0; i < rest.length; i++) {
	if (rest[i] === '--site' && rest[i + 1]) sites.push(rest[++i]);
	else valid = false;
}
if (!valid) {
	console.error(USAGE);
	process.exit(2);
}

const config = parseConfig(process.env);
// Replays read a site's whole log in one transaction: no statement timeout of the app's size.
const { sql, close } = createDatabase(getCliDbTarget(config), Math.max(config.dbTimeoutMs, 30 * 60_000), 2);
const registry = createProjections({ escalation: config.escalation, heartbeatGraceSeconds: config.heartbeatGraceSeconds });
const started = performance.now();
let report: CheckReport;
try {
	report =
		command === 'check'
			? await checkProjections(sql, registry, { sites: sites.length ? sites : undefined })
			: await rebuildProjections(sql, registry, { every: config.keyframeEvery, sites: sites.length ? sites : undefined });
} catch (err) {
	console.error(`projections: ${(err as Error).message}`);
	await close();
	process.exit(2);
}
await close();
const seconds = (performance.now() - started) / 1000;
const rate = report.events / Math.max(seconds, 1e-3);
const summary = `${report.sites} site(s), ${report.events} events in ${seconds.toFixed(1)} s (${Math.round(rate)} events/s; ${(1e6 / rate).toFixed(0)} s per million)`;
if (command === 'rebuild') {
	console.log(`projections rebuilt: ${summary}`);
	process.exit(0);
}
for (const d of report.differences.slice(0, SHOWN)) {
	console.error(`${d.site} ${d.projection} ${d.id}: ${d.kind}`);
	if (d.stored !== undefined) console.error(`  stored:   ${JSON.stringify(d.stored)}`);
	if (d.replayed !== undefined) console.error(`  replayed: ${JSON.stringify(d.replayed)}`);
}
if (report.differences.length > SHOWN) console.error(`… and ${report.differences.length - SHOWN} more`);
if (report.differences.length) {
	console.error(`projections check: ${report.differences.length} difference(s) from a replay of the log; ${summary}`);
	process.exit(1);
}
console.log(`projections check: every projection equals a replay of the log; ${summary}`);
