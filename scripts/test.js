// Runs every test: build, unit + integration (vitest), end to end (Playwright in Chromium).
// Profile: embedded services by default; DATABASE_URL / MQTT_URL select external ones.
// Ends with one line "N passed, N failed" and a non-zero exit code if anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = 'test-results';
rmSync(results, { recursive: true, force: true });
mkdirSync(results, { recursive: true });

const profile = process.env.DATABASE_URL || process.env.MQTT_URL ? 'external services' : 'embedded services';
console.log(`\n== Shouwang tests (${profile}) ==\n`);

function run(cmd, args, env = {}) {
	const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return r.status ?? 1;
}

if (!process.env.SKIP_BUILD) {
	if (run('npx', ['vite', 'build']) !== 0 || run(process.execPath, ['scripts/build-watchdog.js']) !== 0) {
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
}

const vitestStatus = run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${results}/vitest.json`]);
const e2eStatus = run('npx', ['playwright', 'test']);

let passed = 0;
let failed = 0;
if (existsSync(`${results}/vitest.json`)) {
	const v = JSON.parse(readFileSync(`${results}/vitest.json`, 'utf8'));
	passed += v.numPassedTests;
	failed += v.numFailedTests;
	if (v.numTotalTests === 0 || (vitestStatus !== 0 && v.numFailedTests === 0)) failed += 1;
} else failed += 1;
if (existsSync(`${results}/playwright.json`)) {
	const p = JSON.parse(readFileSync(`${results}/playwright.json`, 'utf8'));
	passed += p.stats.expected + (p.stats.flaky ?? 0);
	failed += p.stats.unexpected;
	if (p.stats.expected + p.stats.unexpected === 0 || (e2eStatus !== 0 && p.stats.unexpected === 0)) failed += 1;
} else failed += 1;

console.log(`\n${profile}:`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
