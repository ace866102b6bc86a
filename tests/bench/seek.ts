// The state-at-an-instant case of `npm run bench`: one site with a log of a million events (a
// year of a busy estate: patrol scans, alarms and their clears, operators' steps, devices going
// offline, tests), then `projections rebuild` (which writes the keyframes) and `check` over it,
// timed per million events, and the server time of `state?seq=` / `state?at=` reads anywhere in it.
import { randomBytes } from 'node:crypto';
import { DEFAULT_ESCALATION } from '../../src/lib/domain/incident/escalation';
import { applyIncidentEvent, emptyIncidentIndex } from '../../src/lib/domain/incident/evolve';
import type { Incident } from '../../src/lib/domain/incident/model';
import { checkEventData, type EventEnvelope } from '../../src/lib/domain/events';
import { createDatabase, type Sql } from '../../src/lib/server/db/client';
import { migrateDatabase } from '../../src/lib/server/db/migrate';
import { createProjections } from '../../src/lib/server/projections';
import { checkProjections, rebuildProjections } from '../../src/lib/server/replay/check';
import { readSiteState } from '../../src/lib/server/replay/site-state';
import { readKeyframe } from '../../src/lib/server/replay/keyframes';
import { readEventsBetween } from '../../src/lib/server/event-log/read';
import { SiteReplay } from '../../src/lib/domain/replay';
import { createFreshDatabase, createSite, type TestSql } from '../fixtures/app';
import { percentiles } from './stats';

export interface SeekResult {
	events: number;
	keyframeEvery: number;
	generateSeconds: number;
	rebuildSecondsPerMillion: number;
	checkSecondsPerMillion: number;
	checkDifferences: number;
	seqReads: { n: number; p50: number; p99: number; max: number };
	/** Medians of a state read's parts: the keyframe's read, the log after it, the fold. */
	phasesMs: { keyframe: number; log: number; fold: number; keyframeBytes: number };
	atReads: { n: number; p50: number; p99: number; max: number };
}

const DAY_MS = 24 * 60 * 60 * 1000;
const POINTS = 20;
const GUARDS = 40;

/** A deterministic pseudo-random sequence, so two runs replay the same log. */
function random(seed: number) {
	let s = seed >>> 0;
	return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

type Row = { seq: number; type: string; source_kind: string; source_id: string; source_event_id: string | null; at: string; received_at: string; committed_at: string; data: unknown };

/**
 * The log, batch by batch: each event decided against the incidents the earlier ones opened
 * (through the domain's own rule), so steps name real incidents in a legal order.
 */
export function* generate(site: string, total: number, start: Date): Generator<Row[]> {
	const rnd = random(13);
	const index = emptyIncidentIndex();
	const stepOf = new Map<string, number>();
	const spanMs = 365 * DAY_MS;
	let seq = 1; // seq 1 is the import
	let batch: Row[] = [];
	let testUntil: string | null = null;
	// Incidents in the order they opened: operators work the oldest first, so the queue stays as
	// short as a staffed control room keeps it ("no problem stays open overnight").
	const queue: string[] = [];
	while (seq < total) {
		while (queue.length && !index.byId.has(queue[0])) queue.shift();
		seq++;
		const t = new Date(start.getTime() + Math.floor(((seq - 1) / total) * spanMs)).toISOString();
		const r = rnd();
		let type: string;
		let sourceKind = 'device';
		let sourceId = `FAP-${1 + Math.floor(rnd() * 4)}`;
		let data: Record<string, unknown>;
		if (r < 0.7) {
			type = 'CheckpointScanned';
			sourceId = `HH-${1 + Math.floor(rnd() * 8)}`;
			data = { guard: `G-${1 + Math.floor(rnd() * GUARDS)}`, checkpoint: `CP-${1 + Math.floor(rnd() * 120)}`, method: 'nfc' };
		} else if (r < 0.76) {
			type = 'AlarmRaised';
			data = { point: `loop${1 + Math.floor(rnd() * 3)}/det-${Math.floor(rnd() * POINTS)}`, type: rnd() < 0.7 ? 'fire' : 'water_leak', severity: rnd() < 0.2 ? 'critical' : 'major', zone: 'B1' };
		} else if (r < 0.8) {
			type = 'AlarmCleared';
			const i = queue
				.slice(0, 20)
				.map((id) => index.byId.get(id))
				.find((x): x is Incident => !!x && x.sourceRestoredAt === null && x.alarmType !== 'communication_fault');
			data = { point: i?.point ?? 'loop1/det-0', type: i?.alarmType ?? 'fire', severity: 'major' };
			if (i) sourceId = i.device;
		} else if (r < 0.985 && queue.length) {
			sourceKind = 'user';
			sourceId = `op-${1 + Math.floor(rnd() * 6)}`;
			const front = queue.slice(0, 3).flatMap((id) => index.byId.get(id) ?? []);
			const i = front[Math.floor(rnd() * front.length)];
			const next = ['IncidentAcknowledged', 'IncidentAssigned', 'IncidentArrived', 'IncidentResolved', 'IncidentClosed'];
			const done = stepOf.get(i.id) ?? 0;
			type = next[done];
			stepOf.set(i.id, done + 1);
			data = type === 'IncidentAcknowledged' ? { incident: i.id, disposition: 'real' } : type === 'IncidentAssigned' ? { incident: i.id, assignee: 'G-1' } : { incident: i.id };
		} else if (r < 0.993) {
			type = rnd() < 0.5 ? 'DeviceWentOffline' : 'DeviceCameOnline';
			data = {};
		} else if (testUntil === null) {
			type = 'TestModeStarted';
			sourceKind = 'user';
			sourceId = 'op-1';
			testUntil = new Date(Date.parse(t) + 3_600_000).toISOString();
			data = { device: 'FAP-1', point: null, until: testUntil, minutes: 60, reason: 'monthly test' };
		} else {
			type = 'TestModeEnded';
			sourceKind = 'user';
			sourceId = 'op-1';
			data = { device: 'FAP-1', point: null, how: 'ended', until: testUntil };
			testUntil = null;
		}
		const reasons = checkEventData(type as never, data);
		if (reasons) throw new Error(`generated ${type} is not valid: ${reasons.join('; ')}`);
		const envelope = { site, seq, type, id: null, source: { kind: sourceKind, id: sourceId }, at: t, receivedAt: t, data } as EventEnvelope;
		const changed = applyIncidentEvent(index, envelope);
		if (changed && changed.openedSeq === seq) queue.push(changed.id);
		// Closed incidents take no further step: drop them so the index stays the size of the queue.
		if (changed?.status === 'closed') index.byId.delete(changed.id), stepOf.delete(changed.id);
		batch.push({ seq, type, source_kind: sourceKind, source_id: sourceId, source_event_id: sourceKind === 'device' ? `m-${seq}` : null, at: t, received_at: t, committed_at: t, data });
		if (batch.length === 10_000) {
			yield batch;
			batch = [];
		}
	}
	if (batch.length) yield batch;
}

async function insert(sql: Sql, site: string, rows: Row[]): Promise<void> {
	await sql`
		insert into event (stream, seq, type, source_kind, source_id, source_event_id, at, received_at, committed_at, data)
		select ${site}, seq, type, source_kind, source_id, source_event_id, at, received_at, committed_at, data
		from jsonb_to_recordset(${sql.json(rows as never)}::jsonb) as x(
			seq int8, type text, source_kind text, source_id text, source_event_id text, at timestamptz, received_at timestamptz, committed_at timestamptz, data jsonb)`;
	const last = rows.at(-1)!;
	await sql`update stream_head set seq = ${last.seq}, committed_at = ${last.committed_at} where stream = ${site}`;
}

const summary = (ms: number[]) => {
	const p = percentiles(ms);
	return { n: ms.length, p50: p.p50, p99: p.p99, max: Math.max(...ms) };
};

/** Build the log on a fresh database of `serverUrl`, then time rebuild, check and state reads. */
export async function benchSeek(opts: { serverUrl: string; events: number; keyframeEvery: number; step: (msg: string) => void }): Promise<SeekResult> {
	const fresh = await createFreshDatabase(opts.serverUrl);
	await migrateDatabase({ url: fresh.url }, 60_000);
	const { sql, close } = createDatabase({ url: fresh.url }, 30 * 60_000, 4);
	try {
		const site = `seek-${randomBytes(3).toString('hex')}`;
		await createSite(sql as unknown as TestSql, site);
		const [{ committed_at: imported }] = await sql<{ committed_at: Date }[]>`select committed_at from event where stream = ${site} and seq = 1`;
		const start = new Date(imported.getTime() + 1000);
		opts.step(`seek: writing a log of ${opts.events.toLocaleString('en')} events for one site`);
		let t0 = performance.now();
		for (const rows of generate(site, opts.events, start)) await insert(sql, site, rows);
		const generateSeconds = (performance.now() - t0) / 1000;
		await sql`analyze event`;
		const registry = createProjections({ escalation: DEFAULT_ESCALATION, heartbeatGraceSeconds: 30 });

		opts.step('seek: projections rebuild (replays the log, writes the views and the keyframes)');
		t0 = performance.now();
		await rebuildProjections(sql, registry, { every: opts.keyframeEvery });
		const rebuildSeconds = (performance.now() - t0) / 1000;
		opts.step('seek: projections check');
		t0 = performance.now();
		const check = await checkProjections(sql, registry);
		const checkSeconds = (performance.now() - t0) / 1000;

		opts.step('seek: state reads anywhere in the log');
		const rnd = random(7);
		const seqTimes: number[] = [];
		const atTimes: number[] = [];
		for (let i = 0; i < 200; i++) {
			const seq = 1 + Math.floor(rnd() * opts.events);
			t0 = performance.now();
			const read = await readSiteState(sql, registry, site, { seq });
			seqTimes.push(performance.now() - t0);
			if (!read.ok || read.state.seq !== seq) throw new Error(`state at seq ${seq}: ${JSON.stringify(read).slice(0, 200)}`);
		}
		for (let i = 0; i < 100; i++) {
			const at = new Date(start.getTime() + Math.floor(rnd() * 365 * DAY_MS));
			t0 = performance.now();
			const read = await readSiteState(sql, registry, site, { at });
			atTimes.push(performance.now() - t0);
			if (!read.ok) throw new Error(`state at ${at.toISOString()}: ${read.reason}`);
		}
		const phases = { keyframe: [] as number[], log: [] as number[], fold: [] as number[], bytes: [] as number[] };
		const rules = registry.map((p) => p.rule);
		for (let i = 0; i < 50; i++) {
			const seq = 1 + Math.floor(rnd() * opts.events);
			let t = performance.now();
			const from = await readKeyframe(sql, site, seq, rules.map((r) => r.name));
			phases.keyframe.push(performance.now() - t);
			phases.bytes.push(JSON.stringify(from).length);
			t = performance.now();
			const events = await readEventsBetween(sql, site, from?.seq ?? 0, seq, 100_000);
			phases.log.push(performance.now() - t);
			t = performance.now();
			const replay = new SiteReplay(site, rules, from, 'Asia/Shanghai');
			for (const e of events) replay.apply(e);
			replay.view(new Date());
			phases.fold.push(performance.now() - t);
		}
		const perMillion = 1e6 / opts.events;
		return {
			events: opts.events,
			keyframeEvery: opts.keyframeEvery,
			generateSeconds,
			rebuildSecondsPerMillion: rebuildSeconds * perMillion,
			checkSecondsPerMillion: checkSeconds * perMillion,
			checkDifferences: check.differences.length,
			seqReads: summary(seqTimes),
			atReads: summary(atTimes),
			phasesMs: { keyframe: percentiles(phases.keyframe).p50, log: percentiles(phases.log).p50, fold: percentiles(phases.fold).p50, keyframeBytes: percentiles(phases.bytes).p50 }
		};
	} finally {
		await close();
		await fresh.drop();
	}
}
