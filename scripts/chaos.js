// `npm run chaos`: every fault scenario (tests/chaos) at the figures, once with the
// embedded broker (Aedes, in the app) and once with Mosquitto, then one table of the checks.
// `npm run chaos -- --short` runs the short form that `npm test` runs; `--broker aedes|mosquitto` one of them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const args = process.argv.slice(2);
const short = args.includes('--short');
const only = args.includes('--broker') ? args[args.indexOf('--broker') + 1] : undefined;
const brokers = only ? [only] : ['aedes', 'mosquitto'];
if (brokers.some((b) => b !== 'aedes' && b !== 'mosquitto')) {
	console.error('--broker takes aedes or mosquitto');
	process.exit(2);
}
if (!existsSync('build/handler.js')) {
	console.error('no build: run `npx vite build` first (npm test does)');
	process.exit(2);
}
const log = 'test-results/chaos.jsonl';
mkdirSync('test-results', { recursive: true });
rmSync(log, { force: true });

let failed = 0;
for (const broker of brokers) {
	console.log(`\n== chaos: ${broker === 'aedes' ? 'embedded broker (Aedes)' : 'private Mosquitto'}, ${short ? 'short' : 'full'} form ==\n`);
	const r = spawnSync('npx', ['vitest', 'run', '--project', 'chaos'], {
		stdio: 'inherit',
		env: { ...process.env, CHAOS_BROKER: broker, CHAOS_SCALE: short ? 'short' : 'full' }
	});
	if (r.status !== 0) failed++;
}

const rows = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
console.log('\n| scenario | broker | devices let go on | sent | stored | lost | duplicated | dead letters | resent (no ack within 15 s) | dashboards equal to the log | resyncs |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
	const equal = `${r.dashboards - r.dashboardMismatches.length} of ${r.dashboards}`;
	console.log(`| ${r.scenario} | ${r.broker} | ${r.confirm} | ${r.sent} | ${r.stored} | ${r.lost} | ${r.duplicated} | ${r.deadLettered} | ${r.resends} | ${equal} | ${r.resyncs} |`);
}
console.log(`\n(default-queue-limit is expected to lose messages: it shows the check catches the loss Mosquitto's default queue causes.)`);
console.log(failed ? `\nchaos: ${failed} run(s) failed` : '\nchaos: every scenario passed');
process.exit(failed ? 1 : 0);
