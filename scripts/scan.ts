// `npm run scan`: two scanners nobody here wrote, Debian's wapiti and sqlmap, against the built app
// started on free ports with fresh data (the demo estate, signed in as its admin), through a
// recording proxy that counts every request they send. Prints per tool the requests, statuses and
// findings; exits 1 when a finding is not on the allow-list (scripts/scan/findings.ts), 2 when the
// scan could not run. Not part of `npm test`.
//   --minutes N        the whole run's budget (default 10, or SCAN_MINUTES)
//   --only wapiti|sqlmap
// Output (reports, tool logs, every request, the app's log) in test-results/scan/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp, basicAuth, ADMIN_PASSWORD, type RunningApp } from '../tests/fixtures/app';
import { alarmBody } from '../tests/fixtures/clients';
import { waitFor } from '../tests/fixtures/ports';
import { findAppFindings } from './scan/app-log';
import { watchApp } from './scan/app-watch';
import { allowanceFor, checkCrossSiteForm, type Finding } from './scan/findings';
import { refuseSelfHarmFor } from './scan/own-session';
import { ensureScanners, killRunningTools } from './scan/processes';
import { startRecordingProxy, type RecordedRequest } from './scan/recording-proxy';
import { runSqlmap, type SqlmapRun, type SqlmapTarget } from './scan/sqlmap';
import { runWapiti, writeWapitiCookie, WAPITI_MODULES, type WapitiRun } from './scan/wapiti';

const SITE = 'demo-estate';
const OUT = 'test-results/scan';

const argv = process.argv.slice(2);
const option = (name: string) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const minutes = Number(option('--minutes') ?? process.env.SCAN_MINUTES ?? 10);
const only = option('--only');
if (!(minutes >= 3) || (only && only !== 'wapiti' && only !== 'sqlmap')) {
	console.error('usage: npm run scan -- [--minutes N (at least 3)] [--only wapiti|sqlmap]');
	process.exit(2);
}
const deadline = Date.now() + minutes * 60_000;
const secondsLeft = () => Math.floor((deadline - Date.now()) / 1000);

let app: RunningApp | undefined;
let watch: ReturnType<typeof watchApp> | undefined;
let workDir: string | undefined;
const closers: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
let interrupted = false;

/** Tools, proxies, the app (and its database), the temporary folder: once, on any way out. */
function cleanUp(): Promise<void> {
	cleaning ??= (async () => {
		killRunningTools();
		await watch?.stop();
		for (const close of closers) await close().catch(() => undefined);
		await app?.dispose().catch((err) => console.error(`scan: stopping the app: ${err}`));
		if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
	})();
	return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		console.error(`\nscan: ${signal}, cleaning up`);
		interrupted = true;
		void cleanUp().then(() => process.exit(130));
	});
}

/** The same rule as `npm start`: build when the build is missing or older than the sources. */
function ensureBuild() {
	const newest = (dir: string): number =>
		fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
			const p = path.join(dir, e.name);
			return Math.max(m, e.isDirectory() ? (e.name === 'paraglide' ? 0 : newest(p)) : fs.statSync(p).mtimeMs);
		}, 0);
	const built = 'build/handler.js';
	if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(newest('src'), newest('drizzle'))) return;
	console.log('scan: building the app (the build is missing or older than src/)');
	if (spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' }).status !== 0) throw new Error('the build failed');
}

/** An incident for the note endpoint: an alarm from a device registered for the scan. */
async function openIncident(running: RunningApp): Promise<string> {
	const login = await running.device(SITE, 'SCAN-1', 'fire_panel');
	const r = await fetch(`${running.baseUrl}/api/sites/${SITE}/devices/SCAN-1/alarms`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...basicAuth(login) },
		body: JSON.stringify(alarmBody('scan-1', { point: 'scan/det-1' }))
	});
	if (r.status !== 201) throw new Error(`the scan's alarm was refused: ${r.status} ${await r.text()}`);
	return waitFor(async () => {
		const list = (await (await running.api(`/api/incidents?site=${SITE}`)).json()) as { incidents: { id: string; point: string }[] };
		return list.incidents.find((i) => i.point === 'scan/det-1')?.id;
	}, 30_000, "the scan's incident");
}

const statusClasses = (rs: RecordedRequest[]) => {
	const counts = new Map<string, number>();
	for (const r of rs) {
		const k = r.notForwarded ? 'not forwarded' : r.gaveUp && r.status === null ? 'given up by the tool' : r.status === null ? 'no answer' : `${String(r.status)[0]}xx`;
		counts.set(k, (counts.get(k) ?? 0) + 1);
	}
	return [...counts].sort().map(([k, n]) => `${k}: ${n}`).join(', ');
};

async function main(): Promise<number> {
	const versions = ensureScanners();
	ensureBuild();
	fs.rmSync(OUT, { recursive: true, force: true });
	fs.mkdirSync(OUT, { recursive: true });
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shouwang-scan-'));

	const findings: Finding[] = [];
	console.log(`scan: starting the app (demo estate, fresh data; budget ${minutes} min)`);
	app = await startApp({ env: { DEMO: '1', SIMULATOR_RATE: '1' } });
	watch = watchApp(app, findings, OUT);
	let cookie = app.cookie;
	const incident = await openIncident(app);

	const requests: RecordedRequest[] = [];
	const requestLog = fs.openSync(path.join(OUT, 'requests.jsonl'), 'w');
	let logging = true;
	// Requests still in flight when the scan stops are answered after the file is closed: not recorded.
	const record = (r: RecordedRequest) => {
		if (!logging) return;
		requests.push(r);
		fs.writeSync(requestLog, `${JSON.stringify(r)}\n`);
	};
	closers.push(async () => {
		logging = false;
		fs.closeSync(requestLog);
	});
	const refuse = await refuseSelfHarmFor(app);
	const proxyFor = async (tool: string) => {
		const proxy = await startRecordingProxy({ port: app!.port }, tool, record, refuse);
		closers.unshift(proxy.close);
		return proxy.url;
	};
	const reserve = 30; // reading the results and stopping the app
	let wapiti: WapitiRun | undefined;
	const sqlmap: SqlmapRun[] = [];

	if (only !== 'sqlmap') {
		const seconds = Math.floor((secondsLeft() - reserve) * (only ? 1 : 0.55));
		const baseUrl = await proxyFor('wapiti');
		const cookieFile = path.join(workDir, 'cookie.json');
		writeWapitiCookie(cookieFile, cookie);
		console.log(`scan: wapiti for at most ${seconds} s`);
		watch.setPhase('wapiti');
		wapiti = await runWapiti({
			baseUrl,
			startPaths: [
				'/', '/wall', '/admin/users', '/admin/devices', `/admin/devices?site=${SITE}`, '/admin/sites', '/admin/audit?actor=admin&type=UserCreated',
				'/login?next=/wall', '/api/health', '/api/sites', `/api/sites/${SITE}`, `/api/sites/${SITE}/state`,
				`/api/sites/${SITE}/devices`, `/api/sites/${SITE}/tests`, `/api/sites/${SITE}/bundle/site.json`, `/api/events?site=${SITE}&after=0&limit=10`,
				`/api/incidents?site=${SITE}&status=open`, `/api/incidents/${encodeURIComponent(incident)}`, '/api/users', '/api/tokens', '/metrics'
			],
			cookieFile,
			outDir: OUT,
			workDir,
			seconds
		});
		findings.push(...wapiti.findings);
		cookie = await watch.settle(cookie);
		const crossSite = await checkCrossSiteForm(app, cookie);
		if (crossSite) findings.push(crossSite);
	}

	if (only !== 'wapiti') {
		const baseUrl = await proxyFor('sqlmap');
		// Registered after wapiti, whose form posts rotate and revoke every device it finds listed.
		const device = await app.device(SITE, 'SCAN-2', 'fire_panel');
		const targets: SqlmapTarget[] = [
			{ name: 'events', method: 'GET', path: `/api/events?site=${SITE}&after=0&limit=10`, auth: { cookie } },
			{ name: 'incidents', method: 'GET', path: `/api/incidents?site=${SITE}&status=open`, auth: { cookie } },
			{ name: 'note', method: 'POST', path: `/api/incidents/${encodeURIComponent(incident)}*/note`, body: '{"text":"checked*"}', auth: { cookie } },
			{ name: 'audit', method: 'GET', path: `/admin/audit?actor=admin&site=${SITE}`, auth: { cookie } },
			{ name: 'alarm', method: 'POST', path: `/api/sites/${SITE}/devices/SCAN-2/alarms`, body: JSON.stringify(alarmBody('scan-2', { point: 'scan/det-2' })), auth: { basic: device } },
			// Last: its failed sign-ins throttle the admin's sign-in for a while.
			{ name: 'login', method: 'POST', path: '/api/auth/login', body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }), auth: null, ignoreCodes: '401,429' }
		];
		for (const [i, target] of targets.entries()) {
			const seconds = Math.floor((secondsLeft() - reserve) / (targets.length - i));
			if (seconds < 10) {
				console.log(`scan: no time left for sqlmap on ${target.name}`);
				continue;
			}
			console.log(`scan: sqlmap on ${target.method} ${target.path} for at most ${seconds} s`);
			watch.setPhase(`sqlmap on ${target.name}`);
			const run = await runSqlmap(target, { baseUrl, outDir: OUT, workDir, seconds });
			sqlmap.push(run);
			findings.push(...run.findings);
			cookie = await watch.settle(cookie);
		}
	}

	const appLog = fs.readdirSync(OUT).filter((f) => /^app.*\.log$/.test(f)).map((f) => fs.readFileSync(path.join(OUT, f), 'utf8')).join('\n');
	const fromApp = findAppFindings(requests, appLog);
	findings.push(...fromApp.findings);

	console.log(`\n== scan: wapiti ${versions.wapiti}, sqlmap ${versions.sqlmap}, against ${app.baseUrl} (through recording proxies) ==\n`);
	if (wapiti) {
		const sent = requests.filter((r) => r.tool === 'wapiti');
		console.log(`wapiti: ${sent.length} requests (${statusClasses(sent)}) in ${wapiti.seconds} s${wapiti.timedOut ? ', stopped at the time limit' : ''}`);
		console.log(`  crawled: ${wapiti.crawled ?? '?'} URLs and forms; modules: ${Object.keys(WAPITI_MODULES).join(', ')}`);
		console.log(`  report: ${wapiti.reportFound ? `${wapiti.findings.length} finding(s), ${wapiti.additionals.length} additional note(s)` : 'none (wapiti did not finish)'}`);
		for (const a of wapiti.additionals) console.log(`  note: ${a}`);
	}
	if (sqlmap.length) {
		const sent = requests.filter((r) => r.tool === 'sqlmap');
		console.log(`sqlmap: ${sent.length} requests (${statusClasses(sent)}); its traffic files count ${sqlmap.reduce((n, r) => n + r.trafficCount, 0)}`);
		for (const r of sqlmap) {
			console.log(`  ${r.target.method} ${r.target.path}: ${r.seconds} s${r.timedOut ? ' (stopped at the time limit)' : ''}, ${r.findings.length} finding(s); ${r.verdict}`);
		}
	}
	console.log(`app: ${fromApp.errors} log line(s) at error level, ${fromApp.warnings} at warn`);

	// Allowed findings one line each, grouped under their reason; the others in full.
	const allowed = new Map<string, Finding[]>();
	const unexplained: Finding[] = [];
	for (const f of findings) {
		const reason = allowanceFor(f)?.reason;
		if (reason) allowed.set(reason, [...(allowed.get(reason) ?? []), f]);
		else unexplained.push(f);
	}
	for (const [reason, fs] of allowed) {
		console.log(`\nallowed (${fs.length}): ${reason}`);
		for (const f of fs) console.log(`  ${f.tool} ${f.kind}: ${f.request} (${f.detail.split('\n')[0]})`);
	}
	// The same finding on one path with other payloads: the first in full, the others by request.
	const alike = new Map<string, Finding[]>();
	for (const f of unexplained) {
		const key = `${f.tool} ${f.kind} ${f.request.split('?')[0]}`;
		alike.set(key, [...(alike.get(key) ?? []), f]);
	}
	for (const [first, ...more] of alike.values()) {
		console.log(`\n[NEW] ${first.tool} ${first.kind}: ${first.request}\n  ${first.detail.replaceAll('\n', '\n  ')}`);
		if (more.length) console.log(`  and ${more.length} more like it:\n${more.map((f) => `    ${f.request}`).join('\n')}`);
	}
	const incomplete = (wapiti && !wapiti.reportFound) || sqlmap.some((r) => r.code !== 0 && !r.timedOut);
	console.log(`\nscan: ${findings.length} finding(s), ${unexplained.length} not on the allow-list${incomplete ? '; a tool did not finish (see its log)' : ''}; details in ${OUT}/`);
	return unexplained.length || incomplete ? 1 : 0;
}

let code = 2;
try {
	code = await main();
} catch (err) {
	// Once interrupted, what fails is only the scan being taken down under it.
	if (!interrupted) console.error(`scan: ${(err as Error).message}`);
} finally {
	await cleanUp();
}
process.exit(interrupted ? 130 : code);
