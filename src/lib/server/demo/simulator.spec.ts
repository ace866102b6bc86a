import { describe, expect, it } from 'vitest';
import { parseDeviceMessage } from '$lib/domain/device/message';
import { listFeatures, type SiteBundle } from '$lib/domain/site/model';
import { demoEstate } from './estate';
import { Traffic, createZonedFormatter, listWalks, type AlarmPayload, type OutgoingMessage, type ScanPayload } from './traffic';

/** A small seeded PRNG (mulberry32), so runs are repeatable. */
function seeded(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const START = Date.UTC(2026, 10, 23, 12, 0, 0);

/** Drive a Traffic with a fake clock from START, in steps, for a number of seconds. */
function run(opts: { seconds: number; stepMs?: number; rate?: number; seed?: number; bundle?: SiteBundle }) {
	const traffic = new Traffic(opts.bundle ?? demoEstate, { ratePerSecond: opts.rate ?? 2, runId: 'run1', random: seeded(opts.seed ?? 1) });
	const stepMs = opts.stepMs ?? 500;
	const sent: { ms: number; message: OutgoingMessage }[] = [];
	for (let ms = START; ms <= START + opts.seconds * 1000; ms += stepMs) {
		for (const message of traffic.advance(ms)) sent.push({ ms, message });
	}
	return { traffic, sent, messages: sent.map((s) => s.message) };
}

const scansOf = (messages: OutgoingMessage[], device: string) =>
	messages.filter((m) => m.kind === 'scans' && m.device === device).map((m) => m.payload as ScanPayload);
const alarmsOf = (messages: OutgoingMessage[]) =>
	messages.filter((m) => m.kind === 'alarms').map((m) => ({ device: m.device, ...(m.payload as AlarmPayload) }));

describe('createZonedFormatter', () => {
	const instant = Date.UTC(2026, 10, 23, 12, 15, 0);

	it('writes local time with the zone offset, for the same instant', () => {
		const text = createZonedFormatter('Asia/Shanghai')(instant);
		expect(text).toBe('2026-11-23T20:15:00.000+08:00');
		expect(Date.parse(text)).toBe(instant);
	});

	it('handles negative offsets and UTC', () => {
		expect(createZonedFormatter('America/New_York')(instant)).toBe('2026-11-23T07:15:00.000-05:00');
		expect(createZonedFormatter('UTC')(instant)).toBe('2026-11-23T12:15:00.000Z');
	});
});

describe('Traffic: heartbeats', () => {
	it('sends a retained status for every device first, then again each interval', () => {
		const traffic = new Traffic(demoEstate, { ratePerSecond: 2, runId: 'r', random: seeded(2), heartbeatSeconds: 60 });
		const first = traffic.advance(START);
		expect(first.map((m) => m.device).sort()).toEqual(demoEstate.devices.map((d) => d.id).sort());
		expect(first.every((m) => m.kind === 'status' && m.retain && m.payload.online && m.payload.interval === 60)).toBe(true);
		const statusBetween = (from: number, to: number) => {
			let n = 0;
			for (let ms = from; ms <= to; ms += 500) n += traffic.advance(ms).filter((m) => m.kind === 'status').length;
			return n;
		};
		expect(statusBetween(START + 500, START + 59_500)).toBe(0);
		expect(statusBetween(START + 60_000, START + 60_000)).toBe(demoEstate.devices.length);
	});
});

describe('Traffic: patrols', () => {
	const { messages } = run({ seconds: 600 });
	const routes = listFeatures(demoEstate, 'patrol_route');

	it('walks each route in checkpoint order with its handheld, guards taking turns per round', () => {
		for (const route of routes) {
			const { checkpoints, device } = route.properties;
			const scans = scansOf(messages, device!);
			expect(scans.length, route.properties.id).toBeGreaterThan(checkpoints.length * 2);
			scans.forEach((scan, i) => expect(scan.checkpoint).toBe(checkpoints[i % checkpoints.length]));
			const guardOfRound = (round: number) => scans[round * checkpoints.length].guard;
			for (let i = 0; i < checkpoints.length; i++) expect(scans[i].guard).toBe(guardOfRound(0));
			expect(guardOfRound(1)).not.toBe(guardOfRound(0));
			expect(guardOfRound(2)).toBe(guardOfRound(0));
		}
	});

	it('deals every guard to a route', () => {
		const guards = new Set(messages.filter((m) => m.kind === 'scans').map((m) => (m.payload as ScanPayload).guard));
		expect(guards).toEqual(new Set(demoEstate.guards.map((g) => g.id)));
	});

	it('scans mostly by NFC, sometimes by QR, rarely by hand', () => {
		const scans = messages.filter((m) => m.kind === 'scans').map((m) => (m.payload as ScanPayload).method);
		const share = (method: string) => scans.filter((s) => s === method).length / scans.length;
		expect(share('nfc')).toBeGreaterThan(0.75);
		expect(share('qr')).toBeGreaterThan(0.05);
		expect(share('manual')).toBeGreaterThan(0);
		expect(share('manual')).toBeLessThan(share('qr'));
	});

	it('falls back to the site handhelds for routes without one, and needs guards', () => {
		const bundle = structuredClone(demoEstate);
		for (const r of listFeatures(bundle, 'patrol_route')) delete r.properties.device;
		expect(listWalks(bundle).map((w) => w.device)).toEqual(['HH-01', 'HH-02', 'HH-03', 'HH-04']);
		expect(listWalks({ ...bundle, guards: [] })).toEqual([]);
	});
});

describe('Traffic: alarms', () => {
	const { sent, messages } = run({ seconds: 1800 });
	const alarms = alarmsOf(messages);
	const points = new Map(listFeatures(demoEstate, 'alarm_point').map((p) => [p.properties.id, p.properties]));

	it('raises alarms of the point’s type on the point’s device', () => {
		expect(alarms.length).toBeGreaterThan(10);
		for (const a of alarms) {
			const point = points.get(a.point)!;
			expect(point).toBeDefined();
			expect(a.type).toBe(point.type);
			expect(a.device).toBe(point.device);
			expect(a.zone).toBe(point.zone);
		}
	});

	it('clears each alarm of a point before raising it again, 10 to 60 s later', () => {
		const raisedAt = new Map<string, number>();
		for (const { ms, message } of sent) {
			if (message.kind !== 'alarms') continue;
			const { point, state } = message.payload;
			if (state === 'active') {
				expect(raisedAt.has(point), point).toBe(false);
				raisedAt.set(point, ms);
			} else {
				const since = ms - raisedAt.get(point)!;
				expect(since).toBeGreaterThanOrEqual(10_000);
				expect(since).toBeLessThanOrEqual(61_000);
				raisedAt.delete(point);
			}
		}
		const lastMs = sent[sent.length - 1].ms;
		for (const ms of raisedAt.values()) expect(lastMs - ms).toBeLessThan(61_000);
	});
});

describe('Traffic: rate and identity', () => {
	it('sends about ratePerSecond messages, heartbeats included', () => {
		for (const rate of [2, 20]) {
			const { messages } = run({ seconds: 600, rate, stepMs: 100 });
			expect(messages.length / 600).toBeGreaterThan(rate * 0.9);
			expect(messages.length / 600).toBeLessThan(rate * 1.1);
		}
	});

	it('does not burst after a stall', () => {
		const traffic = new Traffic(demoEstate, { ratePerSecond: 2, runId: 'r', random: seeded(3) });
		traffic.advance(START);
		const after = traffic.advance(START + 3_600_000).filter((m) => m.kind !== 'status');
		expect(after.length).toBeLessThanOrEqual(4 + traffic.activeAlarms);
	});

	it('gives every message an id unique for its device, within the contract’s length', () => {
		const { messages } = run({ seconds: 600, rate: 10 });
		const ids = messages.filter((m) => m.kind !== 'status').map((m) => `${m.device}/${(m.payload as { id: string }).id}`);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.every((id) => id.split('/').slice(1).join('/').length <= 128)).toBe(true);
	});

	it('is repeatable for the same clock and random source', () => {
		expect(run({ seconds: 120, seed: 7 }).messages).toEqual(run({ seconds: 120, seed: 7 }).messages);
		expect(run({ seconds: 120, seed: 7 }).messages).not.toEqual(run({ seconds: 120, seed: 8 }).messages);
	});

	it('only sends messages that the server’s validation accepts', () => {
		const { messages } = run({ seconds: 900, rate: 5 });
		const kinds = new Set(messages.map((m) => m.kind));
		expect(kinds).toEqual(new Set(['status', 'scans', 'alarms']));
		const site = demoEstate.site.id;
		const refused = messages
			.map((m) => ({ m, result: parseDeviceMessage({ site, device: m.device, kind: m.kind }, new TextEncoder().encode(JSON.stringify(m.payload))) }))
			.filter(({ result }) => !result.ok);
		expect(refused.map(({ m, result }) => ({ m, reasons: !result.ok && result.reasons }))).toEqual([]);
	});
});
