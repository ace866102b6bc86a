import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from './event';
import { replayIncidents, type Incident } from './incident';
import { compareSiteTiles, emptySiteStatus, evolveSiteStatus, STATUS_SCANS, summarizeIncidents, type SiteStatus } from './site-status';

const T0 = Date.parse('2026-11-23T08:00:00.000Z');

/** One site's log: seqs count up from 1, received seq seconds after T0. */
function makeLog(site = 's1') {
	let seq = 0;
	const next = (type: EventEnvelope['type'], source: EventEnvelope['source'], data: Record<string, unknown>): EventEnvelope => {
		seq += 1;
		const t = new Date(T0 + seq * 1000).toISOString();
		return { site, seq, type, id: null, source, at: t, receivedAt: t, data };
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

const fold = (events: EventEnvelope[], from: SiteStatus = emptySiteStatus()) => events.reduce(evolveSiteStatus, from);

describe('evolveSiteStatus', () => {
	it('lists a device offline until it comes back, sorted by id, once however often it is reported', () => {
		const log = makeLog();
		const s = fold([log.offline('ELV-2'), log.offline('ACS-1'), log.offline('ELV-2')]);
		expect(s.offline).toEqual(['ACS-1', 'ELV-2']);
		expect(fold([log.online('ELV-2')], s).offline).toEqual(['ACS-1']);
		expect(fold([log.online('ELV-2'), log.online('ACS-1')], s).offline).toEqual([]);
	});

	it('keeps the last scans, newest first, with their checkpoint, guard, device and device time', () => {
		const log = makeLog();
		const events = Array.from({ length: STATUS_SCANS + 2 }, (_, i) => log.scanned(`CP-${i}`, `G-${i}`));
		const s = fold(events);
		expect(s.scans.map((x) => x.checkpoint)).toEqual(['CP-4', 'CP-3', 'CP-2']);
		expect(s.scans[0]).toEqual({ seq: 5, checkpoint: 'CP-4', guard: 'G-4', device: 'HH-1', at: events[4].at });
	});

	it('changes nothing for events it already reflects or does not concern (same object back)', () => {
		const log = makeLog();
		const scan = log.scanned('CP-1');
		const off = log.offline('D1');
		const s = fold([scan, off]);
		expect(evolveSiteStatus(s, scan)).toBe(s);
		expect(evolveSiteStatus(s, off)).toBe(s);
		expect(evolveSiteStatus(s, log.online('D2'))).toBe(s);
		expect(evolveSiteStatus(s, log.raised('P1'))).toBe(s);
	});

	it('ignores a scan older than the ones it keeps, and a status read after the head converges with the stream', () => {
		const log = makeLog();
		const old = log.scanned('CP-old');
		const newer = [log.scanned('CP-a'), log.scanned('CP-b'), log.scanned('CP-c')];
		const s = fold(newer);
		expect(evolveSiteStatus(s, old)).toBe(s);

		// The server's read saw the device go offline and back; the browser then replays both from its older head.
		const went = log.offline('D1');
		const back = log.online('D1');
		expect(fold([went, back], fold([went, back])).offline).toEqual([]);
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
		expect(summarizeIncidents([])).toEqual({ open: { critical: 0, major: 0, minor: 0, warning: 0 }, worst: null, oldestUnackedAt: null, criticalUnacked: false });
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
