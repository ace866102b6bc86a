import { describe, expect, it } from 'vitest';
import { type Incident } from './model';
import { DEFAULT_ESCALATION, dueEscalation, nextEscalationAt } from './escalation';
import { decideIncidentAction, NOTE_MAX_LENGTH, type IncidentCommand } from './decide';
import { evolveIncident } from './evolve';
import { isUnderTest, type TestWindow } from '../test-window/model';
import { SEVERITIES } from '../site/model';
import { type AlarmData } from '../device/events';
import { T0, iso, makeLog, only, incidentAt } from '../../../../tests/fixtures/incident-log';

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
