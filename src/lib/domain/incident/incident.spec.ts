import { describe, expect, it } from 'vitest';
import type { AlarmData } from '../device/events';
import type { EventEnvelope } from '../events';
import { COMM_FAULT, type Incident } from './model';
import { DEFAULT_ESCALATION, dueEscalation, nextEscalationAt } from './escalation';
import { decideIncidentAction, NOTE_MAX_LENGTH, type IncidentCommand } from './decide';
import { evolveIncident, replayIncidents } from './evolve';
import { incidentIdOf, incidentKeyOf } from './key';
import { isUnderTest, type TestWindow } from '../test-window/model';
import { type IncidentEventType } from './events';
import { SEVERITIES } from '../site/model';

const T0 = Date.parse('2026-11-23T08:00:00.000Z');
const iso = (ms: number) => new Date(T0 + ms).toISOString();
const fire: AlarmData = { point: 'P1', type: 'fire', severity: 'critical', zone: 'B1', text: 'Smoke detector 3F' };

/** One site's log: seqs count up from 1; each event is received at seq seconds after T0 unless given. */
function makeLog(site = 's1') {
	let seq = 0;
	const next = (type: EventEnvelope['type'], source: EventEnvelope['source'], data: Record<string, unknown>, atMs?: number): EventEnvelope => {
		seq += 1;
		const t = iso(atMs ?? seq * 1000);
		return { site, seq, type, id: null, source, at: t, receivedAt: t, data } as EventEnvelope;
	};
	const device = (id: string) => ({ kind: 'device' as const, id });
	return {
		raised: (data: Partial<AlarmData & { test: boolean }> = {}, dev = 'd1', atMs?: number) =>
			next('AlarmRaised', device(dev), { ...fire, ...data }, atMs),
		cleared: (data: Partial<AlarmData> = {}, dev = 'd1') => next('AlarmCleared', device(dev), { ...fire, ...data }),
		offline: (dev = 'd1') => next('DeviceWentOffline', device(dev), {}),
		online: (dev = 'd1') => next('DeviceCameOnline', device(dev), {}),
		step: (type: IncidentEventType, data: Record<string, unknown>, user = 'u1', atMs?: number) =>
			next(type, { kind: type === 'IncidentEscalated' ? 'system' : 'user', id: user }, data, atMs),
		scanned: () => next('CheckpointScanned', device('h1'), { guard: 'g1', checkpoint: 'c1', method: 'nfc' })
	};
}

const only = (events: EventEnvelope[]): Incident => {
	const all = [...replayIncidents(events).values()];
	expect(all).toHaveLength(1);
	return all[0];
};

/** An incident brought to `status` by real steps (critical fire, acknowledged as real). */
function incidentAt(status: Incident['status']): Incident {
	const log = makeLog();
	const events = [log.raised()];
	const order = ['acknowledged', 'dispatched', 'on_scene', 'resolved', 'closed'] as const;
	const steps: [IncidentEventType, Record<string, unknown>][] = [
		['IncidentAcknowledged', { disposition: 'real' }],
		['IncidentAssigned', { assignee: 'g1' }],
		['IncidentArrived', {}],
		['IncidentResolved', {}],
		['IncidentClosed', {}]
	];
	for (let i = 0; i < order.indexOf(status as (typeof order)[number]) + 1; i++) {
		events.push(log.step(steps[i][0], { incident: 's1:1', ...steps[i][1] }));
	}
	const incident = only(events);
	expect(incident.status).toBe(status);
	return incident;
}

describe('evolveIncident: alarms', () => {
	it('opens a new incident on the first raise, with a deterministic id', () => {
		const log = makeLog();
		log.scanned();
		const e = log.raised();
		const i = evolveIncident(undefined, e);
		expect(i).toMatchObject({
			id: 's1:2',
			site: 's1',
			device: 'd1',
			point: 'P1',
			alarmType: 'fire',
			status: 'new',
			severity: 'critical',
			priority: 1,
			count: 1,
			openedAt: e.receivedAt,
			openedSeq: 2,
			lastSeenAt: e.receivedAt,
			lastSeq: 2,
			sourceRestoredAt: null,
			escalationLevel: 0,
			zone: 'B1',
			text: 'Smoke detector 3F',
			noteCount: 0
		});
	});

	it('counts 1,000 repeats of one key as one incident', () => {
		const log = makeLog();
		const events = Array.from({ length: 1000 }, () => log.raised());
		const i = only(events);
		expect(i.count).toBe(1000);
		expect(i.id).toBe('s1:1');
		expect(i.openedAt).toBe(events[0].receivedAt);
		expect(i.lastSeenAt).toBe(events[999].receivedAt);
		expect(i.lastSeq).toBe(1000);
	});

	it('keeps the most severe severity seen and its priority', () => {
		const log = makeLog();
		const i = only([
			log.raised({ type: 'water_leak', severity: 'minor' }),
			log.raised({ type: 'water_leak', severity: 'critical' }),
			log.raised({ type: 'water_leak', severity: 'warning' })
		]);
		expect(i.severity).toBe('critical');
		expect(i.priority).toBe(2);
		expect(i.count).toBe(3);
	});

	it('opens one incident per site, device, point and alarm type', () => {
		const a = makeLog('s1');
		const b = makeLog('s2');
		const incidents = replayIncidents([
			a.raised(),
			a.raised({ point: 'P2' }),
			a.raised({ type: 'smoke' }),
			a.raised({}, 'd2'),
			b.raised(),
			a.raised()
		]);
		expect([...incidents.keys()].sort()).toEqual(['s1:1', 's1:2', 's1:3', 's1:4', 's2:1']);
		expect(incidents.get('s1:1')?.count).toBe(2);
	});

	it('marks the source restored on clear but keeps the incident open', () => {
		const log = makeLog();
		const raised = log.raised();
		const cleared = log.cleared();
		const i = evolveIncident(evolveIncident(undefined, raised), cleared);
		expect(i?.status).toBe('new');
		expect(i?.sourceRestoredAt).toBe(cleared.receivedAt);
		expect(i?.count).toBe(1);
	});

	it('makes the source active again and counts when it raises after a clear', () => {
		const log = makeLog();
		const i = only([log.raised(), log.cleared(), log.raised()]);
		expect(i.sourceRestoredAt).toBeNull();
		expect(i.count).toBe(2);
	});

	it('returns the same object when an event changes nothing', () => {
		const log = makeLog();
		const restored = evolveIncident(evolveIncident(undefined, log.raised()), log.cleared());
		expect(evolveIncident(restored, log.cleared())).toBe(restored);
		expect(evolveIncident(undefined, log.cleared())).toBeUndefined();
		expect(evolveIncident(restored, log.scanned())).toBe(restored);
	});

	it('ignores an event it has already applied', () => {
		const log = makeLog();
		const raised = log.raised();
		const once = evolveIncident(undefined, raised);
		expect(evolveIncident(once, raised)).toBe(once);
		expect(only([raised, raised, log.raised()]).count).toBe(2);
	});

	it('opens a new incident when the key raises again after closing', () => {
		const log = makeLog();
		const events = [log.raised()];
		for (const [type, data] of [
			['IncidentAcknowledged', { disposition: 'real' }],
			['IncidentResolved', {}],
			['IncidentClosed', {}]
		] as const) {
			events.push(log.step(type, { incident: 's1:1', ...data }));
		}
		events.push(log.cleared(), log.raised());
		const incidents = replayIncidents(events);
		expect(incidents.get('s1:1')).toMatchObject({ status: 'closed', count: 1, sourceRestoredAt: null });
		expect(incidents.get('s1:6')).toMatchObject({ status: 'new', count: 1, openedSeq: 6 });
	});

	it('opens a new incident rather than counting on a closed one handed to it', () => {
		const closed = incidentAt('closed');
		const raised = { ...makeLog().raised({ severity: 'minor' }), seq: 100 };
		expect(evolveIncident(closed, raised)).toMatchObject({ id: 's1:100', status: 'new', count: 1, severity: 'minor' });
		expect(evolveIncident(closed, { ...makeLog().cleared(), seq: 101 })).toBe(closed);
	});

	it('opens a new incident for a raise after the old one was resolved: it must be looked at again', () => {
		const resolved = incidentAt('resolved');
		const log = makeLog();
		const later = { ...log.raised(), seq: 100 };
		expect(evolveIncident(resolved, later)).toMatchObject({ id: 's1:100', status: 'new', count: 1 });
		expect(evolveIncident(resolved, { ...log.cleared(), seq: 101 })).toBe(resolved);
	});

	it('keeps counting on the newer incident when the older one with its key is closed after it opened', () => {
		const log = makeLog();
		const events = [log.raised()];
		for (const [type, data] of [
			['IncidentAcknowledged', { disposition: 'real' }],
			['IncidentAssigned', { assignee: 'g1' }],
			['IncidentArrived', {}],
			['IncidentResolved', {}]
		] as const)
			events.push(log.step(type, { incident: 's1:1', ...data }));
		const reopened = log.raised();
		events.push(reopened, log.step('IncidentClosed', { incident: 's1:1' }), log.raised());
		const incidents = [...replayIncidents(events).values()];
		expect(incidents.map((i) => [i.id, i.status, i.count])).toEqual([
			['s1:1', 'closed', 1],
			[`s1:${reopened.seq}`, 'new', 2]
		]);
	});

	it('ignores events received under test', () => {
		const log = makeLog();
		const test = log.raised({ test: true });
		expect(incidentKeyOf(test)).toBeNull();
		expect(evolveIncident(undefined, test)).toBeUndefined();
		const i = only([test, log.raised(), log.raised({ test: true })]);
		expect(i).toMatchObject({ id: 's1:2', count: 1 });
	});

	it('ignores events that are not about incidents', () => {
		const log = makeLog();
		const scan = log.scanned();
		expect(incidentKeyOf(scan)).toBeNull();
		expect(incidentIdOf(scan)).toBeNull();
		expect(replayIncidents([scan]).size).toBe(0);
	});
});

describe('evolveIncident: communication faults', () => {
	it('opens a comm-fault incident for the whole device when it goes offline', () => {
		const log = makeLog();
		const i = only([log.offline()]);
		expect(i).toMatchObject({ device: 'd1', point: '-', alarmType: COMM_FAULT, severity: 'major', priority: 3, status: 'new' });
	});

	it('restores it when the device comes back, counts a relapse, and keeps it apart from alarms', () => {
		const log = makeLog();
		const restored = only([log.offline(), log.online()]);
		expect(restored.sourceRestoredAt).not.toBeNull();
		expect(restored.status).toBe('new');
		const log2 = makeLog();
		const incidents = replayIncidents([log2.offline(), log2.online(), log2.offline(), log2.raised()]);
		expect(incidents.get('s1:1')).toMatchObject({ count: 2, sourceRestoredAt: null });
		expect(incidents.get('s1:4')?.alarmType).toBe('fire');
	});
});

describe('evolveIncident: steps', () => {
	it('records who did each step and when', () => {
		const log = makeLog();
		const events = [
			log.raised(),
			log.step('IncidentAcknowledged', { incident: 's1:1', disposition: 'real' }, 'op1'),
			log.step('IncidentAssigned', { incident: 's1:1', assignee: 'g7' }, 'op1'),
			log.step('IncidentArrived', { incident: 's1:1' }, 'g7'),
			log.step('IncidentNoted', { incident: 's1:1', text: 'Burnt toast' }, 'g7'),
			log.step('IncidentResolved', { incident: 's1:1' }, 'op2'),
			log.step('IncidentClosed', { incident: 's1:1' }, 'op3')
		];
		expect(only(events)).toMatchObject({
			status: 'closed',
			acknowledgedAt: iso(2000),
			acknowledgedBy: 'op1',
			disposition: 'real',
			assignee: 'g7',
			assignedAt: iso(3000),
			arrivedAt: iso(4000),
			noteCount: 1,
			lastNote: 'Burnt toast',
			resolvedAt: iso(6000),
			resolvedBy: 'op2',
			closedAt: iso(7000),
			closedBy: 'op3',
			lastSeq: 7
		});
	});

	it('leaves an incident alone for a step about another incident', () => {
		const log = makeLog();
		const i = evolveIncident(undefined, log.raised());
		expect(evolveIncident(i, log.step('IncidentAcknowledged', { incident: 's1:99', disposition: null }))).toBe(i);
	});

	it('records an escalation without changing the status', () => {
		const log = makeLog();
		const i = only([log.raised(), log.step('IncidentEscalated', { incident: 's1:1', level: 2 }, 'system')]);
		expect(i).toMatchObject({ status: 'new', escalationLevel: 2, lastEscalatedAt: iso(2000) });
	});
});

describe('decideIncidentAction', () => {
	const decide = (status: Incident['status'], command: IncidentCommand) => decideIncidentAction(incidentAt(status), command);

	it('refuses a missing incident and anything on a closed one', () => {
		expect(decideIncidentAction(undefined, { action: 'close' })).toEqual({ ok: false, reason: 'not_found' });
		const commands: IncidentCommand[] = [
			{ action: 'acknowledge', disposition: 'real' },
			{ action: 'assign', assignee: 'g2' },
			{ action: 'arrive' },
			{ action: 'note', text: 'late remark' },
			{ action: 'resolve' },
			{ action: 'close' }
		];
		for (const c of commands) expect(decide('closed', c)).toEqual({ ok: false, reason: 'closed' });
	});

	it('acknowledges only a new incident', () => {
		expect(decide('new', { action: 'acknowledge', disposition: 'false_alarm' })).toEqual({
			ok: true,
			type: 'IncidentAcknowledged',
			data: { incident: 's1:1', disposition: 'false_alarm' }
		});
		for (const s of ['acknowledged', 'dispatched', 'on_scene', 'resolved'] as const) {
			expect(decide(s, { action: 'acknowledge', disposition: 'real' })).toEqual({ ok: false, reason: 'already_acknowledged' });
		}
	});

	it('requires a disposition for critical incidents by default, configurably', () => {
		const log = makeLog();
		const critical = only([log.raised()]);
		const minor = only([makeLog().raised({ severity: 'minor' })]);
		expect(decideIncidentAction(critical, { action: 'acknowledge' })).toEqual({ ok: false, reason: 'disposition_required' });
		expect(decideIncidentAction(minor, { action: 'acknowledge' })).toMatchObject({ ok: true, data: { disposition: null } });
		expect(decideIncidentAction(critical, { action: 'acknowledge' }, { requireDispositionFor: [] })).toMatchObject({ ok: true });
		expect(decideIncidentAction(minor, { action: 'acknowledge' }, { requireDispositionFor: SEVERITIES })).toEqual({
			ok: false,
			reason: 'disposition_required'
		});
		const bogus = { action: 'acknowledge', disposition: 'maybe' } as unknown as IncidentCommand;
		expect(decideIncidentAction(minor, bogus)).toEqual({ ok: false, reason: 'invalid_disposition' });
	});

	it('assigns after acknowledgement and reassigns to someone else', () => {
		expect(decide('new', { action: 'assign', assignee: 'g1' })).toEqual({ ok: false, reason: 'not_acknowledged' });
		expect(decide('acknowledged', { action: 'assign', assignee: ' g1 ' })).toEqual({
			ok: true,
			type: 'IncidentAssigned',
			data: { incident: 's1:1', assignee: 'g1' }
		});
		expect(decide('dispatched', { action: 'assign', assignee: 'g2' })).toMatchObject({ ok: true });
		expect(decide('dispatched', { action: 'assign', assignee: 'g1' })).toEqual({ ok: false, reason: 'already_assigned' });
		expect(decide('acknowledged', { action: 'assign', assignee: '  ' })).toEqual({ ok: false, reason: 'assignee_required' });
		expect(decide('on_scene', { action: 'assign', assignee: 'g2' })).toEqual({ ok: false, reason: 'already_on_scene' });
		expect(decide('resolved', { action: 'assign', assignee: 'g2' })).toEqual({ ok: false, reason: 'already_resolved' });
	});

	it('records arrival only once dispatched', () => {
		expect(decide('acknowledged', { action: 'arrive' })).toEqual({ ok: false, reason: 'not_dispatched' });
		expect(decide('new', { action: 'arrive' })).toEqual({ ok: false, reason: 'not_acknowledged' });
		expect(decide('dispatched', { action: 'arrive' })).toEqual({ ok: true, type: 'IncidentArrived', data: { incident: 's1:1' } });
		expect(decide('on_scene', { action: 'arrive' })).toEqual({ ok: false, reason: 'already_on_scene' });
	});

	it('resolves from acknowledged, dispatched or on scene', () => {
		expect(decide('new', { action: 'resolve' })).toEqual({ ok: false, reason: 'not_acknowledged' });
		for (const s of ['acknowledged', 'dispatched', 'on_scene'] as const) {
			expect(decide(s, { action: 'resolve' })).toEqual({ ok: true, type: 'IncidentResolved', data: { incident: 's1:1' } });
		}
		expect(decide('resolved', { action: 'resolve' })).toEqual({ ok: false, reason: 'already_resolved' });
	});

	it('closes only a resolved incident', () => {
		for (const s of ['new', 'acknowledged', 'dispatched', 'on_scene'] as const) {
			expect(decide(s, { action: 'close' })).toEqual({ ok: false, reason: 'not_resolved' });
		}
		expect(decide('resolved', { action: 'close' })).toEqual({ ok: true, type: 'IncidentClosed', data: { incident: 's1:1' } });
	});

	it('takes notes at any status before closing, trimmed and bounded', () => {
		for (const s of ['new', 'acknowledged', 'dispatched', 'on_scene', 'resolved'] as const) {
			expect(decide(s, { action: 'note', text: ' seen ' })).toEqual({ ok: true, type: 'IncidentNoted', data: { incident: 's1:1', text: 'seen' } });
		}
		expect(decide('new', { action: 'note', text: ' \n ' })).toEqual({ ok: false, reason: 'text_required' });
		expect(decide('new', { action: 'note', text: 'x'.repeat(NOTE_MAX_LENGTH) })).toMatchObject({ ok: true });
		expect(decide('new', { action: 'note', text: 'x'.repeat(NOTE_MAX_LENGTH + 1) })).toEqual({ ok: false, reason: 'text_too_long' });
	});

	it('produces events that evolve the incident as decided', () => {
		const log = makeLog();
		let i = evolveIncident(undefined, log.raised());
		const commands: IncidentCommand[] = [
			{ action: 'acknowledge', disposition: 'real' },
			{ action: 'assign', assignee: 'g1' },
			{ action: 'arrive' },
			{ action: 'resolve' },
			{ action: 'close' }
		];
		for (const c of commands) {
			const d = decideIncidentAction(i, c);
			if (!d.ok) throw new Error(d.reason);
			i = evolveIncident(i, log.step(d.type, d.data));
		}
		expect(i?.status).toBe('closed');
	});
});

describe('escalation', () => {
	const openAt = (severity: AlarmData['severity']) => only([makeLog().raised({ severity }, 'd1', 0)]);
	const at = (ms: number) => new Date(T0 + ms);

	it('uses the documented defaults', () => {
		expect(DEFAULT_ESCALATION).toEqual({ critical: 60, major: 180, minor: 600, warning: 1800 });
		for (const s of SEVERITIES) {
			const i = openAt(s);
			expect(dueEscalation(i, at(DEFAULT_ESCALATION[s] * 1000 - 1))).toBeNull();
			expect(dueEscalation(i, at(DEFAULT_ESCALATION[s] * 1000))).toEqual({ level: 1 });
			expect(nextEscalationAt(i)).toBe(iso(DEFAULT_ESCALATION[s] * 1000));
		}
	});

	it('repeats every interval until acknowledged', () => {
		const log = makeLog();
		let i = evolveIncident(undefined, log.raised({}, 'd1', 0))!;
		i = evolveIncident(i, log.step('IncidentEscalated', { incident: i.id, level: 1 }, 'system', 60_000))!;
		expect(dueEscalation(i, at(119_999))).toBeNull();
		expect(nextEscalationAt(i)).toBe(iso(120_000));
		expect(dueEscalation(i, at(120_000))).toEqual({ level: 2 });
		i = evolveIncident(i, log.step('IncidentAcknowledged', { incident: i.id, disposition: 'real' }, 'op1', 125_000))!;
		expect(dueEscalation(i, at(3_600_000))).toBeNull();
		expect(nextEscalationAt(i)).toBeNull();
		expect(i.escalationLevel).toBe(1);
	});

	it('jumps to the current level after a long gap instead of one event per missed level', () => {
		expect(dueEscalation(openAt('critical'), at(10 * 60_000 + 30_000))).toEqual({ level: 10 });
	});

	it('follows a severity raised by a repeat', () => {
		const log = makeLog();
		const i = only([log.raised({ severity: 'minor' }, 'd1', 0), log.raised({ severity: 'critical' }, 'd1', 5_000)]);
		expect(dueEscalation(i, at(60_000))).toEqual({ level: 1 });
	});

	it('keeps escalating a restored source nobody acknowledged', () => {
		const log = makeLog();
		const i = only([log.raised({}, 'd1', 0), log.cleared()]);
		expect(dueEscalation(i, at(60_000))).toEqual({ level: 1 });
	});

	it('takes a custom interval, and 0 as never', () => {
		const config = { ...DEFAULT_ESCALATION, critical: 30, warning: 0 };
		expect(dueEscalation(openAt('critical'), at(30_000), config)).toEqual({ level: 1 });
		expect(dueEscalation(openAt('warning'), at(86_400_000), config)).toBeNull();
		expect(nextEscalationAt(openAt('warning'), config)).toBeNull();
	});
});

describe('isUnderTest', () => {
	const until = '2026-11-23T09:00:00.000Z';
	const windows: TestWindow[] = [
		{ site: 's1', device: 'panel', until },
		{ site: 's1', device: 'doors', point: 'D4', until }
	];
	const before = new Date(Date.parse(until) - 1);

	it('covers every point of a whole-device window, comm faults included', () => {
		expect(isUnderTest(windows, 's1', 'panel', 'P1', before)).toBe(true);
		expect(isUnderTest(windows, 's1', 'panel', '-', before)).toBe(true);
	});

	it('covers only its point in a point window', () => {
		expect(isUnderTest(windows, 's1', 'doors', 'D4', before)).toBe(true);
		expect(isUnderTest(windows, 's1', 'doors', 'D5', before)).toBe(false);
		expect(isUnderTest(windows, 's1', 'doors', '-', before)).toBe(false);
	});

	it('does not cover other sites or devices', () => {
		expect(isUnderTest(windows, 's2', 'panel', 'P1', before)).toBe(false);
		expect(isUnderTest(windows, 's1', 'lift', 'P1', before)).toBe(false);
		expect(isUnderTest([], 's1', 'panel', 'P1', before)).toBe(false);
	});

	it('ends at `until`, exclusive', () => {
		expect(isUnderTest(windows, 's1', 'panel', 'P1', new Date(until))).toBe(false);
		expect(isUnderTest(windows, 's1', 'panel', 'P1', new Date(Date.parse(until) + 60_000))).toBe(false);
	});
});
