import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { replayIncidents } from '../incident/evolve';
import { type Incident } from '../incident/model';
import { compareSiteTiles, summarizeIncidents } from './tile';
import { RowSet } from '../projection';
import { evolveDeviceStatus } from '../device/status';
import { evolveRecentScans, RECENT_SCANS, sortRecentScans } from './recent-scans';
import { countsOn, evolveDailyCounts, type DailyCounts } from './daily-counts';

const T0 = Date.parse('2026-11-23T08:00:00.000Z');

/** One site's log: seqs count up from 1, received seq seconds after T0. */
function makeLog(site = 's1') {
	let seq = 0;
	const next = (type: EventEnvelope['type'], source: EventEnvelope['source'], data: Record<string, unknown>): EventEnvelope => {
		seq += 1;
		const t = new Date(T0 + seq * 1000).toISOString();
		return { site, seq, type, id: null, source, at: t, receivedAt: t, data } as EventEnvelope;
	};
	const device = (id: string) => ({ kind: 'device' as const, id });
	return {
		offline: (dev: string) => next('DeviceWentOffline', device(dev), {}),
		online: (dev: string) => next('DeviceCameOnline', device(dev), {}),
		scanned: (checkpoint: string, guard = 'G-1', dev = 'HH-1') => next('CheckpointScanned', device(dev), { guard, checkpoint, method: 'nfc' }),
		raised: (point: string, severity = 'critical', type = 'fire') => next('AlarmRaised', device('FAP-1'), { point, type, severity }),
		step: (type: EventEnvelope['type'], incident: string) => next(type, { kind: 'user', id: 'u1' }, { incident, disposition: 'real' })
	};
}

const fold = <R extends { id: string }>(rule: (rows: RowSet<R>, e: EventEnvelope) => void, events: EventEnvelope[], rows = new RowSet<R>()) => {
	for (const e of events) rule(rows, e);
	return rows;
};

describe('evolveDeviceStatus (the wall\'s offline devices)', () => {
	it('marks a device offline until it comes back, once however often it is reported', () => {
		const log = makeLog();
		const s = fold(evolveDeviceStatus, [log.offline('ELV-2'), log.offline('ACS-1'), log.offline('ELV-2')]);
		expect([...s.values()].filter((d) => !d.online).map((d) => d.id).sort()).toEqual(['ACS-1', 'ELV-2']);
		fold(evolveDeviceStatus, [log.online('ELV-2')], s);
		expect([...s.values()].filter((d) => !d.online).map((d) => d.id)).toEqual(['ACS-1']);
	});
	it('ignores events that are not about a device\'s own state', () => {
		const log = makeLog();
		const s = fold(evolveDeviceStatus, [log.scanned('CP-1'), log.raised('P1')]);
		expect(s.size).toBe(0);
	});
});

describe('evolveRecentScans (the wall\'s last scans)', () => {
	it('keeps the last scans, newest first, with their checkpoint, guard, device and device time', () => {
		const log = makeLog();
		const events = Array.from({ length: RECENT_SCANS + 2 }, (_, i) => log.scanned(`CP-${i}`, `G-${i}`));
		const s = fold(evolveRecentScans, events);
		const scans = sortRecentScans(s.values());
		expect(scans.map((x) => x.checkpoint)).toEqual(['CP-4', 'CP-3', 'CP-2']);
		expect(scans[0]).toEqual({ id: '5', site: 's1', seq: 5, checkpoint: 'CP-4', guard: 'G-4', device: 'HH-1', at: events[4].at });
	});
	it('ignores a scan older than the ones it keeps, and one it already has', () => {
		const log = makeLog();
		const old = log.scanned('CP-old');
		const newer = [log.scanned('CP-a'), log.scanned('CP-b'), log.scanned('CP-c')];
		const s = fold(evolveRecentScans, newer);
		const before = s.changes();
		fold(evolveRecentScans, [old, newer[0]], s);
		expect(s.changes()).toEqual(before);
	});
});

describe('evolveDailyCounts (the console\'s counters)', () => {
	it('counts per type on the site\'s local day, and starts a new row at local midnight', () => {
		const log = makeLog();
		const rows = new RowSet<DailyCounts>();
		const late = { ...log.scanned('CP-1'), receivedAt: '2026-11-23T15:59:59.000Z' } as EventEnvelope;
		const next = { ...log.scanned('CP-2'), receivedAt: '2026-11-23T16:00:00.000Z' } as EventEnvelope;
		for (const e of [late, late, next]) evolveDailyCounts(rows, e, 'Asia/Shanghai');
		expect(rows.get('2026-11-23')?.counts).toEqual({ CheckpointScanned: 2 });
		expect(rows.get('2026-11-24')?.counts).toEqual({ CheckpointScanned: 1 });
		expect(countsOn(rows.values(), new Date('2026-11-24T01:00:00Z'), 'Asia/Shanghai')).toEqual({ CheckpointScanned: 1 });
		expect(countsOn(rows.values(), new Date('2026-11-25T01:00:00Z'), 'Asia/Shanghai')).toEqual({});
	});
});

describe('summarizeIncidents', () => {
	it('counts open incidents per severity, leaving resolved ones out, and finds the worst and the oldest unacknowledged', () => {
		const log = makeLog();
		const fire = log.raised('P1', 'critical');
		const leak = log.raised('P2', 'minor', 'water_leak');
		const door = log.raised('P3', 'major', 'door_forced');
		const gone = log.raised('P4', 'warning', 'door_held');
		const events = [
			fire,
			leak,
			door,
			gone,
			log.step('IncidentAcknowledged', `s1:${fire.seq}`),
			log.step('IncidentAcknowledged', `s1:${gone.seq}`),
			log.step('IncidentResolved', `s1:${gone.seq}`)
		];
		const incidents = [...replayIncidents(events).values()];
		const sum = summarizeIncidents(incidents);
		expect(sum.open).toEqual({ critical: 1, major: 1, minor: 1, warning: 0 });
		expect(sum.worst?.id).toBe(`s1:${fire.seq}`);
		expect(sum.oldestUnackedAt).toBe(leak.receivedAt); // the fire is acknowledged
		expect(sum.criticalUnacked).toBe(false);
	});

	it('flags an unacknowledged critical, and is all zeros for none', () => {
		const log = makeLog();
		const incidents = [...replayIncidents([log.raised('P1', 'critical')]).values()];
		expect(summarizeIncidents(incidents).criticalUnacked).toBe(true);
		expect(summarizeIncidents([])).toEqual({ open: { critical: 0, major: 0, minor: 0, warning: 0 }, worst: null, oldestUnackedAt: null, criticalUnacked: false, drills: 0 });
		// A drill is shown as a drill, never counted as a real incident nor drawing the eye as one.
		const drill = { ...incidents.find((i) => i.severity === 'critical')!, id: 's1:drill', status: 'new' as const, drill: true };
		const withDrill = summarizeIncidents([drill]);
		expect(withDrill).toMatchObject({ open: { critical: 0, major: 0, minor: 0, warning: 0 }, worst: null, criticalUnacked: false, drills: 1 });
	});
});

describe('compareSiteTiles', () => {
	const worstOf = (site: string, severity: string, type = 'fire'): Incident => [...replayIncidents([makeLog(site).raised('P1', severity, type)]).values()][0];

	it('puts sites with open incidents first, the most urgent first, then the rest by name', () => {
		const tiles = [
			{ name: 'Beta', worst: null },
			{ name: 'Alpha', worst: null },
			{ name: 'Gamma', worst: worstOf('g', 'minor') },
			{ name: 'Delta', worst: worstOf('d', 'critical') }
		];
		expect(tiles.sort((a, b) => compareSiteTiles(a, b, 'en')).map((t) => t.name)).toEqual(['Delta', 'Gamma', 'Alpha', 'Beta']);
	});
});
