import { listFeatures, type AlarmPointFeature, type AlarmType, type ScanMethod, type Severity, type SiteBundle } from '$lib/domain/site/model';
import { isRoundOpen, listPatrols, listRoundStarts, walkRound, type Patrol, type RoundWalk, type WalkOptions } from './patrol-walk';

/**
 * The demo's device traffic as a pure function of a clock and a random source: what each
 * device would send next. No I/O, so tests drive it with a fake clock; `simulator.ts`
 * puts the messages on MQTT.
 */

export interface ScanPayload {
	id: string;
	guard: string;
	checkpoint: string;
	at: string;
	method: ScanMethod;
}

export interface AlarmPayload {
	id: string;
	point: string;
	type: AlarmType;
	state: 'active' | 'cleared';
	severity: Severity;
	at: string;
	zone: string;
	text: string;
}

export interface StatusPayload {
	online: true;
	at: string;
	interval: number;
}

/** One message for one device's topic; only status is retained. */
export type OutgoingMessage =
	| { device: string; kind: 'scans'; payload: ScanPayload; retain: false }
	| { device: string; kind: 'alarms'; payload: AlarmPayload; retain: false }
	| { device: string; kind: 'status'; payload: StatusPayload; retain: true };

export interface TrafficOptions {
	/**
	 * How busy the alarm devices are: event slots per second, heartbeats taking their share first
	 * (at most half); `alarmShare` of the slots raise an alarm. Patrol scans follow the routes'
	 * schedules whatever the rate.
	 */
	ratePerSecond: number;
	/** Distinguishes this run's message ids from earlier runs' (servers keep ids to drop duplicates). */
	runId: string;
	random: () => number;
	heartbeatSeconds?: number;
	/** Share of event slots that raise an alarm (each raise is later followed by its clear). */
	alarmShare?: number;
	clearAfterSeconds?: [min: number, max: number];
	/** How often the guards are late, skip a checkpoint or go silent (see `walkRound`). */
	patrol?: WalkOptions;
	/** Told of each round as it is planned (a log line, a test's record). */
	onRound?: (walk: RoundWalk) => void;
}

/** How bad each type of alarm is when a device does not say otherwise. */
export const ALARM_SEVERITY: Readonly<Record<AlarmType, Severity>> = Object.freeze({
	fire: 'critical',
	smoke: 'critical',
	gas: 'critical',
	panic: 'critical',
	elevator_entrapment: 'critical',
	intrusion: 'major',
	door_forced: 'major',
	water_leak: 'major',
	power_failure: 'major',
	door_held: 'minor',
	equipment_fault: 'minor',
	other: 'warning'
});

/**
 * A formatter of instants as ISO 8601 in a time zone's local time with its offset, e.g.
 * `2026-11-23T20:15:00.000+08:00`; in UTC, `…Z`.
 */
export function createZonedFormatter(timeZone: string): (ms: number) => string {
	const format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
	return (ms) => {
		const label = format.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
		const match = /^GMT([+-])(\d{2}):(\d{2})$/.exec(label);
		// UTC ("GMT") and historical offsets with seconds: UTC is always right.
		if (!match) return new Date(ms).toISOString();
		const [, sign, hh, mm] = match;
		const offsetMs = (sign === '-' ? -1 : 1) * (Number(hh) * 60 + Number(mm)) * 60_000;
		if (offsetMs === 0) return new Date(ms).toISOString();
		return `${new Date(ms + offsetMs).toISOString().slice(0, -1)}${sign}${hh}:${mm}`;
	};
}

/** Mostly NFC tags; QR stickers where a tag is broken; manual entry rarely. */
export function pickScanMethod(random: () => number): ScanMethod {
	const r = random();
	return r < 0.85 ? 'nfc' : r < 0.97 ? 'qr' : 'manual';
}

/** A patrol and its upcoming planned starts, computed a day at a time. */
interface PatrolClock {
	patrol: Patrol;
	starts: number[];
	/** The starts before this instant are in `starts` or walked already. */
	until: number | undefined;
}

interface DueScan {
	atMs: number;
	device: string;
	guard: string;
	checkpoint: string;
}

const DAY_MS = 24 * 60 * 60_000;
/** Rounds are walked (their scans drawn) this long before their planned start: a first scan may come early. */
const WALK_LEAD_MS = 10 * 60_000;

interface PendingClear {
	dueMs: number;
	point: AlarmPointFeature;
}

/**
 * The traffic of one site. `advance(now)` returns what is due since the last call: a
 * status heartbeat per device every `heartbeatSeconds` (all of them on the first call), the
 * guards' scans of each round the server plans from the bundle (`walkRound`), occasional
 * alarms and their clears. A round already under way when the traffic starts, or when it
 * resumes after a stall, is joined if the server still has it open: the scans it would have
 * made so far are sent at once with their own times, as a handheld uploads after being
 * offline. Deterministic for a given clock and random source.
 */
export class Traffic {
	readonly #at: (ms: number) => string;
	readonly #random: () => number;
	readonly #runId: string;
	readonly #heartbeatMs: number;
	readonly #eventRate: number;
	readonly #maxCredit: number;
	readonly #alarmShare: number;
	readonly #clearAfter: [number, number];
	readonly #timeZone: string;
	readonly #walkOptions: WalkOptions;
	readonly #onRound: ((walk: RoundWalk) => void) | undefined;
	readonly #patrols: PatrolClock[];
	#due: DueScan[] = [];
	readonly #points: AlarmPointFeature[];
	readonly #heartbeats: Map<string, number>;
	readonly #active = new Set<string>();
	#clears: PendingClear[] = [];
	#lastMs: number | undefined;
	#credit = 0;
	#seq = 0;

	constructor(bundle: SiteBundle, options: TrafficOptions) {
		this.#at = createZonedFormatter(bundle.site.timeZone);
		this.#random = options.random;
		this.#runId = options.runId;
		const heartbeatSeconds = options.heartbeatSeconds ?? 60;
		this.#heartbeatMs = heartbeatSeconds * 1000;
		const heartbeatRate = bundle.devices.length / heartbeatSeconds;
		this.#eventRate = Math.max(options.ratePerSecond - heartbeatRate, options.ratePerSecond / 2);
		// After a stall (a blocked event loop, a suspended laptop) catch up at most two seconds' worth.
		this.#maxCredit = Math.max(1, this.#eventRate * 2);
		this.#alarmShare = options.alarmShare ?? 0.05;
		this.#clearAfter = options.clearAfterSeconds ?? [10, 60];
		this.#timeZone = bundle.site.timeZone;
		this.#walkOptions = options.patrol ?? {};
		this.#onRound = options.onRound;
		this.#patrols = listPatrols(bundle).map((patrol) => ({ patrol, starts: [], until: undefined }));
		this.#points = listFeatures(bundle, 'alarm_point');
		this.#heartbeats = new Map(bundle.devices.map((d) => [d.id, -Infinity]));
	}

	/** Number of alarms raised and not yet cleared. */
	get activeAlarms(): number {
		return this.#active.size;
	}

	/** The messages due at `nowMs` (epoch milliseconds), in the order they should be sent. */
	advance(nowMs: number): OutgoingMessage[] {
		const out: OutgoingMessage[] = [];
		const elapsed = this.#lastMs === undefined ? 0 : Math.max(0, nowMs - this.#lastMs);
		this.#lastMs = nowMs;
		for (const [device, due] of this.#heartbeats) {
			if (due > nowMs) continue;
			out.push(this.#status(device, nowMs));
			this.#heartbeats.set(device, nowMs + this.#heartbeatMs);
		}
		while (this.#clears.length && this.#clears[0].dueMs <= nowMs) {
			out.push(this.#alarm(this.#clears.shift()!.point, 'cleared', nowMs));
		}
		this.#walkRounds(nowMs);
		while (this.#due.length && this.#due[0].atMs <= nowMs) out.push(this.#scan(this.#due.shift()!));
		this.#credit = Math.min(this.#maxCredit, this.#credit + (elapsed / 1000) * this.#eventRate);
		while (this.#credit >= 1) {
			this.#credit -= 1;
			const message = this.#random() < this.#alarmShare ? this.#raise(nowMs) : undefined;
			if (message) out.push(message);
		}
		return out;
	}

	#nextId(): string {
		this.#seq += 1;
		return `${this.#runId}-${this.#seq}`;
	}

	#status(device: string, nowMs: number): OutgoingMessage {
		return { device, kind: 'status', retain: true, payload: { online: true, at: this.#at(nowMs), interval: this.#heartbeatMs / 1000 } };
	}

	/** Draw the walks of the rounds starting by `nowMs` (and a little after) that the server has open. */
	#walkRounds(nowMs: number): void {
		let added = false;
		for (const clock of this.#patrols) {
			if (clock.until === undefined || nowMs + WALK_LEAD_MS >= clock.until) {
				const from = clock.until ?? nowMs - DAY_MS;
				const to = Math.max(nowMs + WALK_LEAD_MS, from) + DAY_MS;
				clock.starts.push(...listRoundStarts(clock.patrol, from, to, this.#timeZone));
				clock.until = to;
			}
			while (clock.starts.length && clock.starts[0] <= nowMs + WALK_LEAD_MS) {
				const start = clock.starts.shift()!;
				// A round that closed while nobody walked (before the start, during a stall) is left to be missed.
				if (!isRoundOpen(clock.patrol, start, nowMs)) continue;
				const walk = walkRound(clock.patrol, start, this.#random, this.#walkOptions);
				this.#onRound?.(walk);
				for (const s of walk.stops) {
					if (s.atMs !== null) this.#due.push({ atMs: s.atMs, device: walk.device, guard: walk.guard, checkpoint: s.checkpoint });
				}
				added = true;
			}
		}
		if (added) this.#due.sort((a, b) => a.atMs - b.atMs);
	}

	#scan(due: DueScan): OutgoingMessage {
		const payload: ScanPayload = {
			id: this.#nextId(),
			guard: due.guard,
			checkpoint: due.checkpoint,
			at: this.#at(due.atMs),
			method: pickScanMethod(this.#random)
		};
		return { device: due.device, kind: 'scans', retain: false, payload };
	}

	#raise(nowMs: number): OutgoingMessage | undefined {
		const idle = this.#points.filter((p) => !this.#active.has(p.properties.id));
		if (idle.length === 0) return undefined;
		const point = idle[Math.floor(this.#random() * idle.length)];
		const [min, max] = this.#clearAfter;
		const dueMs = nowMs + (min + (max - min) * this.#random()) * 1000;
		this.#clears.push({ dueMs, point });
		this.#clears.sort((a, b) => a.dueMs - b.dueMs);
		return this.#alarm(point, 'active', nowMs);
	}

	#alarm(point: AlarmPointFeature, state: 'active' | 'cleared', nowMs: number): OutgoingMessage {
		const p = point.properties;
		if (state === 'active') this.#active.add(p.id);
		else this.#active.delete(p.id);
		const payload: AlarmPayload = {
			id: this.#nextId(),
			point: p.id,
			type: p.type,
			state,
			severity: ALARM_SEVERITY[p.type],
			at: this.#at(nowMs),
			zone: p.zone,
			text: `${p.name['zh-CN']}${state === 'active' ? '报警' : '恢复正常'}`
		};
		return { device: p.device, kind: 'alarms', retain: false, payload };
	}
}
