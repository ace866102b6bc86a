import { describe, expect, it } from 'vitest';
import { parseDeviceMessage } from '$lib/domain/device/message';
import { listFeatures, type SiteBundle } from '$lib/domain/site/model';
import { demoEstate } from './estate';
import type { RoundWalk, WalkOptions } from './patrol-walk';
import { seeded } from './seeded-random';
import { Traffic, createZonedFormatter, type AlarmPayload, type OutgoingMessage, type ScanPayload } from './traffic';

const START = Date.UTC(2026, 10, 23, 12, 0, 0);

/** Drive a Traffic with a fake clock from START, in steps, for a number of seconds. */
function run(opts: { seconds: number; stepMs?: number; rate?: number; seed?: number; bundle?: SiteBundle; patrol?: WalkOptions; start?: number }) {
	const walks: RoundWalk[] = [];
	const traffic = new Traffic(opts.bundle ?? demoEstate, {
		ratePerSecond: opts.rate ?? 2,
		runId: 'run1',
		random: seeded(opts.seed ?? 1),
		patrol: opts.patrol,
		onRound: (walk) => walks.push(walk)
	});
	const start = opts.start ?? START;
	const stepMs = opts.stepMs ?? 500;
	const sent: { ms: number; message: OutgoingMessage }[] = [];
	for (let ms = start; ms <= start + opts.seconds * 1000; ms += stepMs) {
		for (const message of traffic.advance(ms)) sent.push({ ms, message });
	}
	return { traffic, walks, sent, messages: sent.map((s) => s.message) };
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
		const first = traffic.advance(START).filter((m) => m.kind === 'status');
		expect(first.map((m) => m.device).sort()).toEqual(demoEstate.devices.map((d) => d.id).sort());
		expect(first.every((m) => m.retain && m.payload.online && m.payload.interval === 60)).toBe(true);
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
	const { sent, walks } = run({ seconds: 3 * 3600, stepMs: 1000 });
	const scans = sent.flatMap(({ ms, message }) => (message.kind === 'scans' ? [{ ms, device: message.device, ...message.payload }] : []));

	it('sends exactly the scans of the rounds walked, each once its time has come, with that time', () => {
		const walked = walks.flatMap((w) => w.stops.flatMap((s) => (s.atMs === null ? [] : [{ device: w.device, guard: w.guard, checkpoint: s.checkpoint, at: s.atMs }])));
		const end = START + 3 * 3600 * 1000;
		const key = (s: { device: string; guard: string; checkpoint: string; at: number }) => `${s.device} ${s.guard} ${s.checkpoint} ${s.at}`;
		expect(scans.map((s) => key({ ...s, at: Date.parse(s.at) })).sort()).toEqual(walked.filter((s) => s.at <= end).map(key).sort());
		for (const s of scans) {
			expect(Date.parse(s.at)).toBeLessThanOrEqual(s.ms);
			// Rounds are walked as they come: no backlog after the first call.
			if (s.ms > START) expect(s.ms - Date.parse(s.at)).toBeLessThanOrEqual(1000);
		}
	});

	it('walks every round of every route, each by the route’s handheld and one of its guards', () => {
		const routes = listFeatures(demoEstate, 'patrol_route');
		for (const r of routes) {
			const ofRoute = walks.filter((w) => w.route === r.properties.id);
			expect(ofRoute.length, r.properties.id).toBeGreaterThanOrEqual(r.properties.intervalMinutes === 60 ? 3 : 1);
			expect(new Set(ofRoute.map((w) => w.device))).toEqual(new Set([r.properties.device]));
		}
		expect(new Set(scans.map((s) => s.guard))).toEqual(new Set(demoEstate.guards.map((g) => g.id)));
	});

	it('joins the rounds the server already has open when it starts: a round in progress at once', () => {
		// 20:30 in Hangzhou: the towers B round of 20:20 is open until its last window ends, at 20:43.
		const start = Date.UTC(2026, 10, 23, 12, 30, 0);
		const first = run({ seconds: 120, start, patrol: { lateShare: 0, skipShare: 0, silenceShare: 0 } });
		// The perimeter round of 20:00 is open until 20:46; towers A's of 20:00 closed at 20:22, the garages' of 19:40 at 20:09.
		const joined = first.walks.filter((w) => w.plannedStartMs < start);
		expect(joined.map((w) => [w.route, w.plannedStartMs])).toEqual([
			['R-PERIMETER', Date.UTC(2026, 10, 23, 12, 0, 0)],
			['R-TOWERS-B', Date.UTC(2026, 10, 23, 12, 20, 0)]
		]);
		const firstScans = first.sent.filter((s) => s.ms === start && s.message.kind === 'scans');
		expect(firstScans.length).toBeGreaterThan(0);
		for (const { message } of firstScans) expect(Date.parse((message.payload as ScanPayload).at)).toBeLessThanOrEqual(start);
	});

	it('scans mostly by NFC, sometimes by QR, rarely by hand', () => {
		const { messages } = run({ seconds: 12 * 3600, stepMs: 10_000 });
		const methods = messages.filter((m) => m.kind === 'scans').map((m) => (m.payload as ScanPayload).method);
		const share = (method: string) => methods.filter((s) => s === method).length / methods.length;
		expect(methods.length).toBeGreaterThan(200);
		expect(share('nfc')).toBeGreaterThan(0.75);
		expect(share('qr')).toBeGreaterThan(0.05);
		expect(share('manual')).toBeGreaterThan(0);
		expect(share('manual')).toBeLessThan(share('qr'));
	});

	it('shows every patrol exception over a demo evening with the default shares', () => {
		const { walks } = run({ seconds: 12 * 3600, stepMs: 10_000, rate: 0 });
		const fates = new Set(walks.flatMap((w) => w.stops.map((s) => s.fate)));
		expect(fates).toEqual(new Set(['walked', 'late', 'skipped', 'abandoned']));
		expect(walks.filter((w) => w.silence?.toMs).length).toBeGreaterThan(0);
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
	it('raises alarms on about alarmShare of the rate’s slots, whatever the patrols do', () => {
		for (const rate of [2, 20]) {
			const { messages } = run({ seconds: 600, rate, stepMs: 100 });
			const raised = messages.filter((m) => m.kind === 'alarms' && m.payload.state === 'active').length;
			const slots = (rate - demoEstate.devices.length / 60) * 600;
			expect(raised / slots).toBeGreaterThan(0.05 * 0.8);
			expect(raised / slots).toBeLessThan(0.05 * 1.2);
		}
	});

	it('does not burst after a stall', () => {
		const walks: RoundWalk[] = [];
		const traffic = new Traffic(demoEstate, { ratePerSecond: 2, runId: 'r', random: seeded(3), onRound: (w) => walks.push(w) });
		traffic.advance(START);
		const before = walks.length;
		const after = traffic.advance(START + 3 * 3_600_000);
		expect(after.filter((m) => m.kind === 'alarms').length).toBeLessThanOrEqual(4 + traffic.activeAlarms);
		// Of the rounds that passed during the stall, only those the server still has open are walked.
		const joined = walks.slice(before);
		expect(joined.length).toBeLessThanOrEqual(listFeatures(demoEstate, 'patrol_route').length);
		expect(after.filter((m) => m.kind === 'scans').length).toBeLessThanOrEqual(joined.reduce((n, w) => n + w.stops.length, 0) + 20);
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
