import { listFeatures, type AlarmPointFeature, type AlarmType, type ScanMethod, type Severity, type SiteBundle } from '$lib/domain/site/model';

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
	/** Messages per second, heartbeats included; at least half of it is scans and alarms. */
	ratePerSecond: number;
	/** Distinguishes this run's message ids from earlier runs' (servers keep ids to drop duplicates). */
	runId: string;
	random: () => number;
	heartbeatSeconds?: number;
	/** Share of event slots that raise an alarm (each raise is later followed by its clear). */
	alarmShare?: number;
	clearAfterSeconds?: [min: number, max: number];
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

export interface RouteWalk {
	id: string;
	checkpoints: string[];
	device: string;
	/** Guards take turns on a route, one round each. */
	guards: string[];
	next: number;
	round: number;
}

interface PendingClear {
	dueMs: number;
	point: AlarmPointFeature;
}

/**
 * The traffic of one site. `advance(now)` returns what is due since the last call: a
 * status heartbeat per device every `heartbeatSeconds` (all of them on the first call),
 * guards' scans walking each route's checkpoints in order, occasional alarms and their
 * clears. Deterministic for a given clock and random source.
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
	readonly #walks: RouteWalk[];
	readonly #points: AlarmPointFeature[];
	readonly #heartbeats: Map<string, number>;
	readonly #active = new Set<string>();
	#clears: PendingClear[] = [];
	#lastMs: number | undefined;
	#credit = 0;
	#nextWalk = 0;
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
		this.#walks = listWalks(bundle);
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
			this.#credit -= 1;
		}
		this.#credit = Math.max(-this.#maxCredit, Math.min(this.#maxCredit, this.#credit + (elapsed / 1000) * this.#eventRate));
		while (this.#credit >= 1) {
			this.#credit -= 1;
			const message = this.#random() < this.#alarmShare ? (this.#raise(nowMs) ?? this.#scan(nowMs)) : (this.#scan(nowMs) ?? this.#raise(nowMs));
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

	#scan(nowMs: number): OutgoingMessage | undefined {
		if (this.#walks.length === 0) return undefined;
		const walk = this.#walks[this.#nextWalk];
		this.#nextWalk = (this.#nextWalk + 1) % this.#walks.length;
		const payload: ScanPayload = {
			id: this.#nextId(),
			guard: walk.guards[walk.round % walk.guards.length],
			checkpoint: walk.checkpoints[walk.next],
			at: this.#at(nowMs),
			method: pickScanMethod(this.#random)
		};
		walk.next += 1;
		if (walk.next === walk.checkpoints.length) {
			walk.next = 0;
			walk.round += 1;
		}
		return { device: walk.device, kind: 'scans', retain: false, payload };
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

/**
 * One walk per patrol route that has a handheld (its own, else one of the site's in turn)
 * and at least one guard; guards are dealt to routes round-robin.
 */
export function listWalks(bundle: SiteBundle): RouteWalk[] {
	const handhelds = bundle.devices.filter((d) => d.kind === 'guard_handheld').map((d) => d.id);
	const guards = bundle.guards.map((g) => g.id);
	const routes = listFeatures(bundle, 'patrol_route').filter((r) => r.properties.checkpoints.length > 0);
	return routes.flatMap((r, i) => {
		const device = r.properties.device ?? handhelds[i % handhelds.length];
		const dealt = guards.filter((_, j) => j % routes.length === i);
		const onRoute = dealt.length ? dealt : guards.length ? [guards[i % guards.length]] : [];
		if (!device || onRoute.length === 0) return [];
		return [{ id: r.properties.id, checkpoints: [...r.properties.checkpoints], device, guards: onRoute, next: 0, round: 0 }];
	});
}
