// `npm run bench`: the pipeline under realistic load, next to its references, in one run.
//   --profile external|embedded|both (default both)  --rate N (events/s; default 10000 external, 5000 embedded)
//   --seconds N (default 60)  --dashboards N (default 200)  --sites N (20)  --devices N per site (5)
// References, measured in the same run: the broker alone (same payloads, publish → subscriber)
// and PostgreSQL alone (batched durable inserts of the same rows). Table on stdout, JSON in
// test-results/bench.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createSite, makeTempDir, startApp, type DeviceLogin, type RunningApp } from '../fixtures/app';
import { benchPlan } from './bench-plan';
import { freePort } from '../fixtures/ports';
import { startPrivateMosquitto } from '../fixtures/private-services';
import { mosquittoFiles, exportMosquitto } from '../../src/lib/server/mqtt/mosquitto-export';
import { BRIDGE_USERNAME } from '../../src/lib/server/mqtt/acl';
import { measurePostgres } from './reference-postgres';
import { percentiles, sampleProcess, type ProcessSamples } from './stats';
import { benchSeek, type SeekResult } from './seek';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SYSTEM_PG = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

function arg(name: string): string | undefined {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? process.argv[i + 1] : undefined;
}
const profiles = (arg('profile') ?? 'both') === 'both' ? ['external', 'embedded'] : arg('profile') === 'none' ? [] : [arg('profile')!];
/** Events in the state-seek case's site log (0 skips it). */
const seekEvents = Number(arg('seek-events') ?? 1_000_000);
const seconds = Number(arg('seconds') ?? 60);
const dashboardCount = Number(arg('dashboards') ?? 200);
const siteCount = Number(arg('sites') ?? 20);
const devicesPerSite = Number(arg('devices') ?? 5);
const rateFor = (profile: string) => Number(arg('rate') ?? (profile === 'external' ? 10_000 : 5_000));
const LOAD_PROCESSES = 2;
const BRIDGE_CONNECTIONS = Number(arg('bridge-connections') ?? 128); // the product's default
const WRITE_CONCURRENCY = arg('write-concurrency') ?? '1'; // the product's default
const KEYFRAME_EVERY = arg('keyframe-every') ?? '2000'; // the product's default
const step = (msg: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const DASHBOARD_PROCESSES = 2;

/** Run a helper script in its own process; resolves each JSON line it prints. */
function child(script: string, job: unknown): { proc: ChildProcess; lines: AsyncGenerator<unknown> } {
	const proc = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, script), JSON.stringify(job)], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
	async function* lines() {
		let buf = '';
		for await (const chunk of proc.stdout!) {
			buf += chunk;
			let nl: number;
			while ((nl = buf.indexOf('\n')) >= 0) {
				const line = buf.slice(0, nl);
				buf = buf.slice(nl + 1);
				if (line.startsWith('{')) yield JSON.parse(line);
			}
		}
	}
	return { proc, lines: lines() };
}
const next = async <T>(lines: AsyncGenerator<unknown>): Promise<T> => (await lines.next()).value as T;

interface LoadResult {
	published: number;
	acked: number;
	failed: number;
	alarms: number;
	sendSeconds: number;
	ackSeconds: number;
}
interface DashResult {
	events: number;
	gaps: number;
	outOfOrder: number;
	all: number[];
	alarms: number[];
}

/** Offer `rate` events/s from the load processes to `url` for `seconds`; return their counts. */
async function offer(url: string, logins: DeviceLogin[] | { site: string; device: string }[], rate: number, secs: number, runId: string): Promise<LoadResult> {
	const parts = Array.from({ length: LOAD_PROCESSES }, (_, p) =>
		child('load.ts', { url, logins: logins.filter((_, i) => i % LOAD_PROCESSES === p), rate: rate / LOAD_PROCESSES, seconds: secs, runId: `${runId}.${p}`, drainSeconds: 120 })
	);
	const results = await Promise.all(parts.map((p) => next<LoadResult>(p.lines)));
	return results.reduce((a, b) => ({
		published: a.published + b.published,
		acked: a.acked + b.acked,
		failed: a.failed + b.failed,
		alarms: a.alarms + b.alarms,
		sendSeconds: Math.max(a.sendSeconds, b.sendSeconds),
		ackSeconds: Math.max(a.ackSeconds, b.ackSeconds)
	}));
}

async function benchProfile(profile: string, rate: number) {
	const runId = `b${randomBytes(3).toString('hex')}`;
	const cleanups: (() => Promise<unknown>)[] = [];
	let app: RunningApp;
	let broker: Awaited<ReturnType<typeof startPrivateMosquitto>> | undefined;
	let mosquittoDir: string | undefined;
	const bridgePassword = randomBytes(18).toString('base64url');
	try {
		if (profile === 'external') {
			// A private Mosquitto configured as in production (our export: auth, ACL), the machine's PostgreSQL.
			const port = await freePort();
			mosquittoDir = await makeTempDir('shouwang-bench-mosq-');
			const listener = { port, host: '127.0.0.1' };
			await writeMosquitto(mosquittoDir, mosquittoFiles([], { bridgePassword, bridgeConnections: BRIDGE_CONNECTIONS, dir: mosquittoDir, listener }));
			broker = await startPrivateMosquitto({ include: mosquittoDir, port });
			cleanups.push(() => broker!.dispose(), () => fs.rm(mosquittoDir!, { recursive: true, force: true }));
			app = await startApp({
				mqttUrl: `mqtt://${BRIDGE_USERNAME}:${bridgePassword}@127.0.0.1:${port}`,
				baseDatabaseUrl: SYSTEM_PG,
				env: { LOG_LEVEL: 'warn', MQTT_BRIDGE_CONNECTIONS: String(BRIDGE_CONNECTIONS), DB_WRITE_CONCURRENCY: WRITE_CONCURRENCY, KEYFRAME_EVERY },
				// BENCH_PROFILE_DIR=…: a V8 CPU profile of the app, written when it stops.
				nodeArgs: process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []
			});
		} else {
			app = await startApp({
				databaseUrl: null,
				mqttUrl: null,
				env: { LOG_LEVEL: 'warn', DB_WRITE_CONCURRENCY: WRITE_CONCURRENCY, KEYFRAME_EVERY },
				nodeArgs: process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : []
			});
		}
		cleanups.unshift(() => app.dispose());

		step(`${profile}: app up; creating ${siteCount} sites and ${siteCount * devicesPerSite} devices`);
		const sites = Array.from({ length: siteCount }, (_, i) => `bench-${runId}-${String(i).padStart(2, '0')}`);
		for (const s of sites) await createSite(app.sql, s, 'Asia/Shanghai', benchPlan());
		const logins: DeviceLogin[] = [];
		for (const s of sites) for (let d = 0; d < devicesPerSite; d++) logins.push(await app.device(s, `GW-${d}`));
		if (broker) {
			// The devices exist now: export them for Mosquitto and reload it (SIGHUP), as an operator would.
			await writeMosquitto(mosquittoDir!, await exportMosquitto(app.sql, { bridgePassword, bridgeConnections: BRIDGE_CONNECTIONS, dir: mosquittoDir!, listener: { port: Number(new URL(broker.url).port), host: '127.0.0.1' } }));
			broker.reload();
			await new Promise((r) => setTimeout(r, 500));
		}
		const tokenRes = await app.api('/api/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: `bench ${runId}`, role: 'operator', sites }) });
		const { token } = (await tokenRes.json()) as { token: string };

		const dashProcs = Array.from({ length: DASHBOARD_PROCESSES }, (_, p) => {
			const count = Math.floor(dashboardCount / DASHBOARD_PROCESSES) + (p < dashboardCount % DASHBOARD_PROCESSES ? 1 : 0);
			const offset = Array.from({ length: p }, (_, q) => Math.floor(dashboardCount / DASHBOARD_PROCESSES) + (q < dashboardCount % DASHBOARD_PROCESSES ? 1 : 0)).reduce((a, b) => a + b, 0);
			return child('dashboards.ts', { baseUrl: app.baseUrl, token, sites, count, offset, seconds, runId });
		});
		const readies = await Promise.all(dashProcs.map((d) => next<{ ready: number }>(d.lines)));
		const joined = readies.reduce((a, r) => a + r.ready, 0);
		step(`${profile}: ${joined} dashboards joined; offering ${rate} events/s for ${seconds} s`);

		const scrape = async () => {
			const text = await (await fetch(`${app.baseUrl}/metrics`)).text();
			const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
			return {
				lagP99: value('shouwang_nodejs_eventloop_lag_p99_seconds'),
				batches: value('shouwang_ingest_batch_size_count'),
				inputs: value('shouwang_ingest_batch_size_sum'),
				commitSeconds: value('shouwang_ingest_commit_seconds_sum'),
				commits: value('shouwang_ingest_commit_seconds_count')
			};
		};
		const before = await scrape(); // also resets the event-loop histogram: what follows is the run's
		const sampler = sampleProcess(app.child.pid!);
		// The devices connect with their own credentials, never the ones in the app's MQTT_URL.
		const loadStarted = Date.now();
		const load = await offer(broker?.url ?? app.mqttUrl, logins, rate, seconds, runId);
		const samples: ProcessSamples = sampler.stop();
		const after = await scrape();
		const lagP99 = after.lagP99 * 1000;
		const meanBatch = (after.inputs - before.inputs) / (after.batches - before.batches);
		const meanCommitMs = ((after.commitSeconds - before.commitSeconds) / (after.commits - before.commits)) * 1000;

		step(`${profile}: ${load.acked}/${load.published} acknowledged in ${load.ackSeconds.toFixed(1)} s`);
		// Everything acknowledged must be stored. With an external broker the devices' PUBACKs come
		// from the broker, so the pipeline may still be working through a backlog: wait for it (up to
		// 10 min) and time it, which gives the rate the pipeline itself sustained.
		const storedCount = async () =>
			(await app.sql<{ n: number; d: number }[]>`select count(*)::int as n, count(distinct (stream, source_event_id))::int as d from event where source_event_id like ${runId + '%'}`)[0];
		let stored = await storedCount();
		const waitUntil = Date.now() + 600_000;
		while (stored.d < load.acked && Date.now() < waitUntil) {
			await new Promise((r) => setTimeout(r, 500));
			stored = await storedCount();
		}
		const [{ last }] = await app.sql<{ last: Date }[]>`select max(received_at) as last from event where source_event_id like ${runId + '%'}`;
		const storeSeconds = (last.getTime() - loadStarted) / 1000;
		step(`${profile}: ${stored.d} stored, the last ${storeSeconds.toFixed(1)} s after the first publish`);
		await new Promise((r) => setTimeout(r, 2000));
		for (const d of dashProcs) d.proc.stdin!.end('stop\n');
		const dash = await Promise.all(dashProcs.map((d) => next<DashResult>(d.lines)));
		const perSite = await app.sql<{ stream: string; n: number }[]>`
			select stream, count(*)::int as n from event where source_event_id like ${runId + '%'} group by stream`;
		const expected = Array.from({ length: dashboardCount }, (_, i) => perSite.find((p) => p.stream === sites[i % sites.length])?.n ?? 0).reduce((a, b) => a + b, 0);
		const received = dash.reduce((a, d) => a + d.events, 0);
		if (load.acked > stored.d) {
			const letters = await app.sql`select reason, count(*)::int as n from dead_letter group by reason`;
			step(`${profile}: LOSS — dead letters ${JSON.stringify(letters)}; the app's last words:\n${app.logs().split("\n").filter((l) => /MQTT error|refused|connected to/.test(l)).slice(0, 8).join("\n")}\nbroker: ${broker?.logs().slice(-2000)}`);
		}
		const latency = percentiles(dash.flatMap((d) => d.all));
		const alarmLatency = percentiles(dash.flatMap((d) => d.alarms));

		return {
			profile,
			offeredRate: rate,
			seconds,
			sites: siteCount,
			devices: logins.length,
			dashboards: joined,
			published: load.published,
			acked: load.acked,
			publishFailed: load.failed,
			acceptedRate: Math.round(load.acked / load.ackSeconds),
			/** What the pipeline itself sustained: stored events over the time to store them all. */
			storedRate: Math.round(stored.d / Math.max(storeSeconds, load.sendSeconds)),
			stored: stored.n,
			lost: Math.max(0, load.acked - stored.d),
			duplicated: stored.n - stored.d,
			dashboardEventsExpected: expected,
			dashboardEventsReceived: received,
			dashboardGaps: dash.reduce((a, d) => a + d.gaps + d.outOfOrder, 0),
			latencyMs: latency,
			alarmLatencyMs: alarmLatency,
			server: { cpuPercent: samples.cpuPercent, rssMb: samples.rssMb, eventLoopLagP99Ms: Math.round(lagP99 * 10) / 10 },
			ingest: { meanBatch: Math.round(meanBatch * 10) / 10, meanReceiptToCommitMs: Math.round(meanCommitMs * 10) / 10 }
		};
	} finally {
		for (const c of cleanups) await c().catch(() => undefined);
	}
}

async function writeMosquitto(dir: string, files: { passwd: string; acl: string; conf: string }) {
	await fs.writeFile(path.join(dir, 'passwd'), files.passwd, { mode: 0o644 });
	await fs.writeFile(path.join(dir, 'acl'), files.acl, { mode: 0o644 });
	await fs.writeFile(path.join(dir, 'shouwang.conf'), files.conf, { mode: 0o644 });
	await fs.chmod(dir, 0o755); // Mosquitto reads them as its own user
}

/** The broker alone: the same payloads from the same generator, to a plain subscriber. */
async function referenceBroker(rate: number, secs: number) {
	const broker = await startPrivateMosquitto();
	try {
		const runId = `r${randomBytes(3).toString('hex')}`;
		const sub = child('reference-subscriber.ts', { url: broker.url, runId });
		await next(sub.lines);
		const devices = Array.from({ length: siteCount * devicesPerSite }, (_, i) => ({ site: `ref-${i % siteCount}`, device: `GW-${i}` }));
		const load = await offer(broker.url, devices, rate, secs, runId);
		await new Promise((r) => setTimeout(r, 2000));
		sub.proc.stdin!.end('stop\n');
		const got = await next<{ received: number; all: number[] }>(sub.lines);
		return { offeredRate: rate, seconds: secs, acceptedRate: Math.round(load.acked / load.ackSeconds), received: got.received, published: load.published, latencyMs: percentiles(got.all) };
	} finally {
		await broker.dispose();
	}
}

const fmt = (n: number | undefined) => (n === undefined ? '—' : n >= 100 ? String(Math.round(n)) : String(Math.round(n * 10) / 10));
const ratio = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');

const results: Record<string, unknown> = { at: new Date().toISOString(), machine: { cpus: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30) } };
const runs = [];
for (const profile of profiles) runs.push(await benchProfile(profile, rateFor(profile)));
const seek = seekEvents > 0 ? await benchSeek({ serverUrl: SYSTEM_PG, events: seekEvents, keyframeEvery: 2_000, step }) : null;
results.seek = seek;
if (!runs.length) {
	if (seek) printSeek(seek);
	await fs.mkdir(path.join(ROOT, 'test-results'), { recursive: true });
	await fs.writeFile(path.join(ROOT, 'test-results/bench.json'), JSON.stringify(results, null, 2));
	process.exit(0);
}
step('reference: PostgreSQL alone');
const pg = await measurePostgres(SYSTEM_PG, 10);
step('reference: the broker alone');
const mq = await referenceBroker(rateFor(profiles[0]), Math.min(seconds, 20));
results.runs = runs;
results.references = { postgres: pg, broker: mq };
await fs.mkdir(path.join(ROOT, 'test-results'), { recursive: true });
await fs.writeFile(path.join(ROOT, 'test-results/bench.json'), JSON.stringify(results, null, 2));

const rows: [string, ...string[]][] = [['', ...runs.map((r) => r.profile), 'broker alone', 'PostgreSQL alone']];
rows.push(['offered events/s', ...runs.map((r) => fmt(r.offeredRate)), fmt(mq.offeredRate), '—']);
rows.push(['PUBACKed events/s (by the broker)', ...runs.map((r) => fmt(r.acceptedRate)), fmt(mq.acceptedRate), '']);
rows.push(['stored events/s (sustained)', ...runs.map((r) => fmt(r.storedRate)), fmt(mq.acceptedRate), `${fmt(pg.rowsPerSecond)} rows/s`]);
rows.push(['  ÷ broker alone', ...runs.map((r) => ratio(r.storedRate, mq.acceptedRate)), '', '']);
rows.push(['  ÷ PostgreSQL alone', ...runs.map((r) => ratio(r.storedRate, pg.rowsPerSecond)), '', '']);
rows.push(['published / stored', ...runs.map((r) => `${r.published} / ${r.stored}`), `${mq.published} / ${mq.received} recv`, '']);
rows.push(['lost / duplicated', ...runs.map((r) => `${r.lost} / ${r.duplicated}`), '', '']);
rows.push(['dashboards (events recv / expected)', ...runs.map((r) => `${r.dashboards} (${r.dashboardEventsReceived} / ${r.dashboardEventsExpected}, ${r.dashboardGaps} gaps)`), '', '']);
for (const p of ['p50', 'p95', 'p99'] as const) {
	rows.push([`latency ${p} ms`, ...runs.map((r) => fmt(r.latencyMs[p])), fmt(mq.latencyMs[p]), '']);
}
rows.push(['  p99 ÷ broker alone', ...runs.map((r) => ratio(r.latencyMs.p99, mq.latencyMs.p99)), '', '']);
for (const p of ['p50', 'p95', 'p99'] as const) rows.push([`alarm latency ${p} ms`, ...runs.map((r) => fmt(r.alarmLatencyMs[p])), '', '']);
rows.push(['server CPU % (of one core)', ...runs.map((r) => fmt(r.server.cpuPercent)), '', '']);
rows.push(['server RSS MB start → end (max)', ...runs.map((r) => `${fmt(r.server.rssMb.start)} → ${fmt(r.server.rssMb.end)} (${fmt(r.server.rssMb.max)})`), '', '']);
rows.push(['event-loop lag p99 ms', ...runs.map((r) => fmt(r.server.eventLoopLagP99Ms)), '', '']);
rows.push(['mean batch / receipt → commit ms', ...runs.map((r) => `${fmt(r.ingest.meanBatch)} / ${fmt(r.ingest.meanReceiptToCommitMs)}`), '', '']);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
console.log(`\nShouwang bench, ${seconds} s per profile, ${siteCount} sites × ${devicesPerSite} devices, ${dashboardCount} dashboards, ${os.cpus().length} cores\n`);
for (const r of rows) console.log(r.map((cell, c) => (cell ?? '').padEnd(widths[c])).join('  |  '));
if (seek) printSeek(seek);
console.log('\nJSON: test-results/bench.json');
process.exit(0);

function printSeek(s: SeekResult) {
	const ms = (r: SeekResult['seqReads']) => `p50 ${fmt(r.p50)} · p99 ${fmt(r.p99)} · max ${fmt(r.max)} ms (${r.n} reads)`;
	console.log(`\nState at any instant, one site log of ${s.events.toLocaleString('en')} events, a keyframe every ${s.keyframeEvery.toLocaleString('en')}:`);
	console.log(`  state?seq=N anywhere   ${ms(s.seqReads)}`);
	console.log(`  state?at=T anywhere    ${ms(s.atReads)}`);
	console.log(`    of which (medians)   keyframe ${fmt(s.phasesMs.keyframe)} ms (${Math.round(s.phasesMs.keyframeBytes / 1024)} KB) · log after it ${fmt(s.phasesMs.log)} ms · fold ${fmt(s.phasesMs.fold)} ms`);
	console.log(`  projections rebuild    ${fmt(s.rebuildSecondsPerMillion)} s per million events`);
	console.log(`  projections check      ${fmt(s.checkSecondsPerMillion)} s per million events (${s.checkDifferences} differences)`);
}
