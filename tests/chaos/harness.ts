// The chaos run's instruments: devices that publish mixed traffic at a set rate and keep
// every message until the broker acknowledges it, dashboards that follow their site by seq
// through any disconnect, and the final check that compares both with the database.
import fs from 'node:fs/promises';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { io, type Socket } from 'socket.io-client';
import { mergeSequence } from '../../src/lib/domain/sequence';
import type { EventEnvelope } from '../../src/lib/domain/events';
import type {
	AlarmUnconfirmedPayload,
	ClientToServerEvents,
	HeartbeatPayload,
	ServerToClientEvents,
	SiteJoinResult,
	Ack
} from '../../src/lib/realtime/contract';
import type { DeviceLogin, TestSql } from '../fixtures/app';
import { waitFor } from '../fixtures/ports';

/** `npm run chaos` runs the figures; `npm test` a short form of the same scenarios. */
export const FULL = process.env.CHAOS_SCALE === 'full';
export const scale = {
	/** Offered events/s while a fault lasts. */
	rate: FULL ? 500 : 200,
	/** How long a database is stopped or frozen. */
	outageSeconds: FULL ? 30 : 8,
	/** A dashboard's link cut long enough that both ends notice (Socket.IO gives up after 45 s). */
	longCutSeconds: FULL ? 90 : 50,
	shortCutSeconds: 10,
	/** SIGKILLs of the app under load. */
	kills: FULL ? 5 : 3,
	/** Load before and after a fault. */
	calmSeconds: FULL ? 5 : 2
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A message body the database refuses although it passes validation: jsonb has no lone surrogates. */
export const POISON_TEXT = 'smoke \ud800 detector';

export interface LoadOptions {
	/** Broker URL the devices connect to. */
	url: string;
	logins: DeviceLogin[];
	/** Messages per second over all devices. */
	rate: number;
	/** Prefix of every message id, so the check counts this run's messages only. */
	runId: string;
	/** Publish every message this many times (a device that resends). */
	copies?: number;
	/** Every Nth message is one the database refuses. */
	poisonEvery?: number;
	/**
	 * When a device lets go of a message: on the broker's PUBACK (a plain MQTT gateway), or on
	 * the app's receipt (the product's end-to-end acknowledgement, for brokers that can lose
	 * what they acknowledged).
	 */
	confirm?: 'puback' | 'receipt';
}

/**
 * Devices as gateways behave: QoS 1, each message kept until the broker acknowledges it
 * and published again if no PUBACK comes within `resendMs` (across reconnects). A message
 * counts as delivered once acknowledged: from then on the product alone answers for it.
 */
export class ChaosLoad {
	readonly sent = new Map<string, { topic: string; payload: string; device: number }>();
	/** Let go of: acknowledged by the broker (PUBACK) or, with `confirm: 'receipt'`, by the app. */
	readonly acked = new Set<string>();
	/** Acknowledged by the broker, whatever the confirmation mode. */
	readonly pubacked = new Set<string>();
	readonly poison = new Set<string>();
	resends = 0;
	#clients: MqttClient[] = [];
	#timer?: NodeJS.Timeout;
	#resender?: NodeJS.Timeout;
	#n = 0;
	#firstSentAt = new Map<string, number>();

	private constructor(private readonly opts: LoadOptions) {}

	static async connect(opts: LoadOptions): Promise<ChaosLoad> {
		const load = new ChaosLoad(opts);
		load.#clients = await Promise.all(
			opts.logins.map((l) =>
				mqtt.connectAsync(opts.url, { clientId: l.username, username: l.username, password: l.password, clean: true, reconnectPeriod: 500, connectTimeout: 5000, keepalive: 10 })
			)
		);
		for (const c of load.#clients) c.on('error', () => undefined);
		if (opts.confirm === 'receipt') {
			for (const [i, c] of load.#clients.entries()) {
				c.on('message', (_topic, payload) => {
					const receipt = JSON.parse(payload.toString()) as { id: string | null; status: string };
					if (receipt.id && load.sent.has(receipt.id)) load.acked.add(receipt.id);
				});
				await c.subscribeAsync(`sites/${opts.logins[i].site}/devices/${opts.logins[i].device}/receipts`, { qos: 1 });
			}
		}
		return load;
	}

	/** Publish at the set rate until `stop()`. */
	start(rate = this.opts.rate): this {
		this.stop();
		const started = performance.now();
		const base = this.#n;
		this.#timer = setInterval(() => {
			const due = base + Math.floor(((performance.now() - started) / 1000) * rate);
			while (this.#n < due) this.#publishNext();
		}, 10);
		this.#resender ??= setInterval(() => this.#resendOverdue(), 1000);
		return this;
	}

	stop(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
	}

	/** Publish `count` messages at once (no pacing). */
	burst(count: number): void {
		for (let i = 0; i < count; i++) this.#publishNext();
		this.#resender ??= setInterval(() => this.#resendOverdue(), 1000);
	}

	get confirm(): 'puback' | 'receipt' {
		return this.opts.confirm ?? 'puback';
	}

	get unacknowledged(): string[] {
		return [...this.sent.keys()].filter((id) => !this.acked.has(id));
	}

	/** Wait until the broker has acknowledged everything sent. */
	async drain(timeoutMs = 120_000): Promise<void> {
		this.stop();
		await waitFor(() => (this.acked.size === this.sent.size ? true : undefined), timeoutMs, `PUBACKs (${this.unacknowledged.length} missing)`).catch(
			() => undefined
		);
	}

	async close(): Promise<void> {
		this.stop();
		clearInterval(this.#resender);
		await Promise.all(this.#clients.map((c) => c.endAsync(true).catch(() => undefined)));
	}

	#publishNext(): void {
		const n = this.#n++;
		const device = n % this.#clients.length;
		const login = this.opts.logins[device];
		const id = `${this.opts.runId}-${n}`;
		const poison = this.opts.poisonEvery !== undefined && n % this.opts.poisonEvery === this.opts.poisonEvery - 1;
		const alarm = n % 10 === 9 || poison;
		const at = new Date().toISOString();
		const body = alarm
			? { id, point: `loop${n % 4}/det-${n % 200}`, type: 'fire', state: n % 20 === 19 ? 'cleared' : 'active', severity: 'critical', at, zone: 'B3-2F', text: poison ? POISON_TEXT : 'smoke detector' }
			: { id, guard: `G-${n % 50}`, checkpoint: `CP-${n % 40}`, at, method: 'nfc' };
		if (poison) this.poison.add(id);
		const message = { topic: `sites/${login.site}/devices/${login.device}/${alarm ? 'alarms' : 'scans'}`, payload: JSON.stringify(body), device };
		this.sent.set(id, message);
		this.#firstSentAt.set(id, Date.now());
		for (let copy = 0; copy < (this.opts.copies ?? 1); copy++) this.#send(id);
	}

	#send(id: string): void {
		const m = this.sent.get(id)!;
		this.#clients[m.device].publish(m.topic, m.payload, { qos: 1 }, (err) => {
			if (err) return;
			this.pubacked.add(id);
			if (this.opts.confirm !== 'receipt') this.acked.add(id);
		});
	}

	/** Not let go of within 15 s (a broker or app that died holding it): publish it again. */
	#resendOverdue(): void {
		const now = Date.now();
		for (const [id, at] of this.#firstSentAt) {
			if (this.acked.has(id)) {
				this.#firstSentAt.delete(id);
				continue;
			}
			if (now - at < 15_000) continue;
			this.#firstSentAt.set(id, now);
			this.resends++;
			this.#send(id);
		}
	}
}

/**
 * A dashboard as the console keeps one: joins its site after the last seq it applied,
 * applies events strictly in seq order, re-joins on a hole and pages the log over HTTP when
 * told to resync. Reconnects by itself; records everything it applied.
 */
export class ChaosDashboard {
	readonly applied: { seq: number; id: string | null }[] = [];
	readonly heartbeats: HeartbeatPayload[] = [];
	readonly unconfirmed: AlarmUnconfirmedPayload[] = [];
	readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
	last: number;
	readonly first: number;
	holes = 0;
	resyncs = 0;
	connects = 0;
	#catchingUp = false;
	#buffered: EventEnvelope[] = [];
	#closed = false;

	constructor(
		private readonly baseUrl: string,
		private readonly cookie: string,
		readonly site: string,
		after: number
	) {
		this.last = this.first = after;
		this.socket = io(baseUrl, {
			transports: ['websocket'],
			extraHeaders: { cookie },
			reconnection: true,
			reconnectionDelay: 300,
			reconnectionDelayMax: 2000
		});
		this.socket.on('connect', () => {
			this.connects++;
			void this.#join();
		});
		this.socket.on('site:events', (p) => {
			if (p.site !== this.site) return;
			if (this.#catchingUp) this.#buffered.push(...p.events);
			else this.#apply(p.events);
		});
		this.socket.on('server:heartbeat', (h) => this.heartbeats.push(h));
		this.socket.on('alarm:unconfirmed', (p) => this.unconfirmed.push(p));
	}

	get joined(): Promise<unknown> {
		return waitFor(() => (this.connects > 0 && !this.#catchingUp ? true : undefined), 30_000, 'dashboard join');
	}

	close(): void {
		this.#closed = true;
		this.socket.close();
	}

	#apply(events: EventEnvelope[]): void {
		const r = mergeSequence(this.last, events);
		for (const e of r.apply) this.applied.push({ seq: e.seq, id: e.id ?? null });
		this.last = r.last;
		if (r.gap) {
			this.holes++;
			void this.#join();
		}
	}

	async #join(): Promise<void> {
		if (this.#closed || !this.socket.connected || this.#catchingUp) return;
		this.#catchingUp = true;
		try {
			const ack: Ack<SiteJoinResult> = await this.socket.timeout(15_000).emitWithAck('site:join', { site: this.site, after: this.last });
			if (!ack.ok) throw new Error(`join refused: ${ack.error}`);
			if (ack.data.resync) {
				this.resyncs++;
				await this.#pageLog(ack.data.head);
			} else this.#apply(ack.data.events);
		} catch {
			// Disconnected or refused while joining: the next connect (or a timer) tries again.
			setTimeout(() => void this.#join(), 1000).unref();
		} finally {
			this.#catchingUp = false;
			const buffered = this.#buffered.splice(0);
			if (buffered.length) this.#apply(buffered);
		}
	}

	/** Resync: read the log over HTTP from the last applied seq to the head. */
	async #pageLog(head: number): Promise<void> {
		while (this.last < head) {
			const r = await fetch(`${this.baseUrl}/api/events?site=${this.site}&after=${this.last}&limit=1000`, { headers: { cookie: this.cookie } });
			if (r.status !== 200) throw new Error(`GET /api/events: ${r.status}`);
			const body = (await r.json()) as { events: EventEnvelope[] };
			if (!body.events.length) break;
			const before = this.last;
			this.#apply(body.events);
			if (this.last === before) break;
		}
	}
}

export interface ChaosReport {
	scenario: string;
	broker: string;
	sent: number;
	acknowledged: number;
	stored: number;
	/** Acknowledged by the broker, never stored. */
	lost: number;
	/** Stored more than once. */
	duplicated: number;
	/** Refused by the database and found in the dead-letter table. */
	deadLettered: number;
	/** Never let go of by a device (no PUBACK, or no receipt in receipt mode) by the end. */
	unacknowledged: number;
	/** How devices let go of a message: the broker's PUBACK or the app's receipt. */
	confirm: 'puback' | 'receipt';
	resends: number;
	dashboards: number;
	/** Dashboards whose applied events differ from the database's, in seq order. */
	dashboardMismatches: string[];
	holes: number;
	resyncs: number;
	lostIds: string[];
}

/**
 * The check every scenario ends with: everything the broker acknowledged is stored once,
 * what the database refused is dead-lettered, and every dashboard holds exactly the
 * database's events of its site, in seq order, from where it joined to the head.
 */
export async function checkRun(opts: {
	scenario: string;
	broker: string;
	sql: TestSql;
	load: ChaosLoad;
	dashboards: ChaosDashboard[];
	sites: string[];
	runId: string;
	settleMs?: number;
}): Promise<ChaosReport> {
	const { sql, load, runId } = opts;
	await load.drain();
	const count = async () => {
		const rows = await sql<{ id: string; n: number }[]>`
			select source_event_id as id, count(*)::int as n from event
			where stream = any(${opts.sites}) and source_kind = 'device' and source_event_id like ${runId + '-%'}
			group by source_event_id`;
		return new Map(rows.map((r) => [r.id, r.n]));
	};
	const expected = [...load.acked].filter((id) => !load.poison.has(id));
	// Give the backlog time to drain: until every acknowledged message is stored, or nothing changes for a while.
	let stored = await count();
	let lastSize = -1;
	let stableSince = Date.now();
	const deadline = Date.now() + (opts.settleMs ?? 300_000);
	while (Date.now() < deadline && expected.some((id) => !stored.has(id))) {
		if (stored.size !== lastSize) {
			lastSize = stored.size;
			stableSince = Date.now();
		} else if (Date.now() - stableSince > 20_000) break;
		await sleep(250);
		stored = await count();
	}
	const lostIds = expected.filter((id) => !stored.has(id));
	const [{ n: deadLettered }] = await sql<{ n: number }[]>`
		select count(distinct substring(convert_from(raw, 'UTF8') from '"id":"([^"]+)"'))::int as n from dead_letter
		where site = any(${opts.sites}) and position(${runId}::bytea in raw) > 0`;

	// Dashboards: caught up to the head, then equal to the log.
	const heads = new Map<string, number>();
	for (const site of opts.sites) {
		const [{ seq }] = await sql<{ seq: number }[]>`select seq::int from stream_head where stream = ${site}`;
		heads.set(site, seq);
	}
	await waitFor(() => (opts.dashboards.every((d) => d.last >= heads.get(d.site)!) ? true : undefined), 60_000, 'dashboards at the head').catch(() => undefined);
	const mismatches: string[] = [];
	for (const [i, d] of opts.dashboards.entries()) {
		const log = await sql<{ seq: number; id: string | null }[]>`
			select seq::int, source_event_id as id from event where stream = ${d.site} and seq > ${d.first} and seq <= ${heads.get(d.site)!} order by seq`;
		const got = d.applied.filter((e) => e.seq <= heads.get(d.site)!);
		const differs = got.length !== log.length || got.some((e, k) => e.seq !== log[k].seq || e.id !== log[k].id);
		if (differs) {
			const at = got.findIndex((e, k) => e.seq !== log[k]?.seq || e.id !== log[k]?.id);
			mismatches.push(`dashboard ${i} (${d.site}): ${got.length} events applied, log has ${log.length}; first difference at index ${at}`);
		}
	}
	const report: ChaosReport = {
		scenario: opts.scenario,
		broker: opts.broker,
		sent: load.sent.size,
		acknowledged: load.acked.size,
		stored: stored.size,
		lost: lostIds.length,
		duplicated: [...stored.values()].filter((n) => n > 1).length,
		deadLettered,
		unacknowledged: load.unacknowledged.length,
		confirm: load.confirm,
		resends: load.resends,
		dashboards: opts.dashboards.length,
		dashboardMismatches: mismatches,
		holes: opts.dashboards.reduce((s, d) => s + d.holes, 0),
		resyncs: opts.dashboards.reduce((s, d) => s + d.resyncs, 0),
		lostIds: lostIds.slice(0, 5)
	};
	await record(report);
	return report;
}

/** Each scenario's report goes to test-results/chaos.jsonl and the console. */
async function record(report: ChaosReport): Promise<void> {
	const { lostIds, dashboardMismatches, ...figures } = report;
	console.log(`chaos ${JSON.stringify({ ...figures, dashboardMismatches: dashboardMismatches.length })}`);
	await fs.mkdir('test-results', { recursive: true });
	await fs.appendFile(path.join('test-results', 'chaos.jsonl'), JSON.stringify(report) + '\n');
}

/** Time an HTTP call: during a fault every request must answer within its timeout, not hang. */
export async function timedFetch(url: string, init: RequestInit = {}): Promise<{ status: number; ms: number }> {
	const t0 = Date.now();
	const r = await fetch(url, { ...init, signal: AbortSignal.timeout(60_000) }).catch(() => null);
	await r?.arrayBuffer().catch(() => undefined);
	return { status: r?.status ?? 0, ms: Date.now() - t0 };
}
