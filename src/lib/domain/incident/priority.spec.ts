import { describe, expect, it } from 'vitest';
import { INCIDENT_KINDS, type Incident } from './model';
import { compareIncidents, PRIORITY_TABLE, priorityOf } from './priority';
import { SEVERITIES } from '../site/model';

describe('PRIORITY_TABLE', () => {
	it('gives every kind and severity a priority from 1 to 5', () => {
		expect(Object.keys(PRIORITY_TABLE).sort()).toEqual([...INCIDENT_KINDS].sort());
		for (const kind of INCIDENT_KINDS) {
			expect(Object.keys(PRIORITY_TABLE[kind]).sort()).toEqual([...SEVERITIES].sort());
			for (const s of SEVERITIES) expect([1, 2, 3, 4, 5]).toContain(priorityOf(kind, s));
		}
	});

	it('never makes a more severe alarm less urgent', () => {
		for (const kind of INCIDENT_KINDS) {
			const row = SEVERITIES.map((s) => priorityOf(kind, s));
			expect(row).toEqual([...row].sort((a, b) => a - b));
		}
	});

	it('puts life safety first', () => {
		for (const kind of ['fire', 'smoke', 'gas', 'panic', 'elevator_entrapment'] as const) {
			expect(priorityOf(kind, 'critical')).toBe(1);
		}
		expect(priorityOf('intrusion', 'critical')).toBe(2);
		expect(priorityOf('fire', 'warning')).toBe(4);
		expect(priorityOf('water_leak', 'major')).toBe(3);
		expect(priorityOf('communication_fault', 'major')).toBe(3);
		expect(priorityOf('door_held', 'critical')).toBe(3);
		expect(priorityOf('equipment_fault', 'warning')).toBe(5);
	});
});

describe('compareIncidents', () => {
	let seq = 0;
	const incident = (o: Partial<Incident>): Incident => {
		seq += 1;
		return {
			id: `s1:${seq}`,
			site: 's1',
			device: 'd1',
			point: `P${seq}`,
			alarmType: 'fire',
			status: 'new',
			severity: 'critical',
			priority: 1,
			count: 1,
			openedAt: '2026-11-23T08:00:00.000Z',
			openedSeq: seq,
			lastSeenAt: '2026-11-23T08:00:00.000Z',
			lastSeq: seq,
			sourceRestoredAt: null,
			acknowledgedAt: null,
			acknowledgedBy: null,
			disposition: null,
			assignee: null,
			assignedAt: null,
			arrivedAt: null,
			resolvedAt: null,
			resolvedBy: null,
			closedAt: null,
			closedBy: null,
			escalationLevel: 0,
			lastEscalatedAt: null,
			zone: null,
			text: null,
			noteCount: 0,
			lastNote: null,
			...o
		};
	};
	const order = (list: Incident[]) => [...list].sort(compareIncidents).map((i) => i.point);

	it('orders by priority first, however old', () => {
		const list = [
			incident({ point: 'p3', priority: 3, openedAt: '2026-11-23T07:00:00.000Z' }),
			incident({ point: 'p1', priority: 1, openedAt: '2026-11-23T09:00:00.000Z' }),
			incident({ point: 'p2', priority: 2, openedAt: '2026-11-23T08:00:00.000Z' })
		];
		expect(order(list)).toEqual(['p1', 'p2', 'p3']);
	});

	it('puts the older first within a priority', () => {
		const list = [
			incident({ point: 'late', openedAt: '2026-11-23T08:00:01.000Z' }),
			incident({ point: 'early', openedAt: '2026-11-23T08:00:00.000Z' })
		];
		expect(order(list)).toEqual(['early', 'late']);
	});

	it('puts resolved after open work and closed last, whatever their priority', () => {
		const list = [
			incident({ point: 'closed', status: 'closed', priority: 1 }),
			incident({ point: 'resolved', status: 'resolved', priority: 1 }),
			incident({ point: 'on_scene', status: 'on_scene', priority: 5 }),
			incident({ point: 'new', status: 'new', priority: 4 })
		];
		expect(order(list)).toEqual(['new', 'on_scene', 'resolved', 'closed']);
	});

	it('does not rank acknowledged work below new work of the same priority and age', () => {
		const list = [incident({ point: 'new', status: 'new' }), incident({ point: 'ack', status: 'acknowledged', openedSeq: 0 })];
		expect(order(list)).toEqual(['ack', 'new']);
	});

	it('breaks full ties by site then opening seq, so every browser shows the same order', () => {
		const list = [
			incident({ point: 'b1', site: 'b', openedSeq: 1 }),
			incident({ point: 'a2', site: 'a', openedSeq: 2 }),
			incident({ point: 'a1', site: 'a', openedSeq: 1 })
		];
		expect(order(list)).toEqual(['a1', 'a2', 'b1']);
		expect(order([...list].reverse())).toEqual(['a1', 'a2', 'b1']);
	});
});
