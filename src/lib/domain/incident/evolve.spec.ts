import { describe, expect, it } from 'vitest';
import { COMM_FAULT } from './model';
import { evolveIncident, replayIncidents } from './evolve';
import { incidentIdOf, incidentKeyOf } from './key';
import { iso, fire, makeLog, only, incidentAt } from '../../../../tests/fixtures/incident-log';

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
