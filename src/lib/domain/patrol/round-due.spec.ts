import { describe, expect, it } from 'vitest';
import { makePatrolLog } from '../../../../tests/fixtures/patrol-log';
import type { EventEnvelope } from '../events';
import { RowSet } from '../projection';
import type { Round } from './round';
import { decidePatrolTimer, isGuardSilentOnRound, listClosedWindows, nextWindowCloseAt, patrolDueAt, roundEndsAt, silenceDueAt } from './round-due';
import { planRound, roundIdOf, silenceMinutesOf } from './round-plan';
import { evolveRounds, type RoundRow } from './rounds';

const T = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
function roundAfter(events: EventEnvelope[]): Round {
	const rows = new RowSet<RoundRow>();
	for (const e of events) evolveRounds(rows, e);
	const r = rows.get('r1');
	if (r?.kind !== 'round') throw new Error('no round');
	return r;
}

describe('due times of a round', () => {
	it('the next window to close is the earliest pending one; none once the round is over', () => {
		const log = makePatrolLog();
		const scheduled = log.scheduled('r1', T('10:00'));
		expect(nextWindowCloseAt(roundAfter([scheduled]))?.toISOString()).toBe(T('10:05'));
		const walkedA = roundAfter([scheduled, log.scanned('G1', 'A', T('10:01'))]);
		expect(nextWindowCloseAt(walkedA)?.toISOString()).toBe(T('10:15'));
		expect(roundEndsAt(walkedA).toISOString()).toBe(T('10:25'));
		const over = roundAfter([scheduled, log.closed('r1', 'A', T('10:05')), log.closed('r1', 'B', T('10:15')), log.closed('r1', 'C', T('10:25'))]);
		expect(over.status).toBe('incomplete');
		expect(nextWindowCloseAt(over)).toBeNull();
	});

	it('lists the pending checkpoints whose windows have ended, for the timer to close', () => {
		const log = makePatrolLog();
		const r = roundAfter([log.scheduled('r1', T('10:00'), { mode: 'any_order' }), log.scanned('G1', 'B', T('10:03'))]);
		expect(listClosedWindows(r, new Date(T('10:24')))).toEqual([]);
		expect(listClosedWindows(r, new Date(T('10:25')))).toEqual(['A', 'C']);
	});
});

describe('a guard silent on a round', () => {
	it('is due the round’s limit after the last scan received, only while in progress', () => {
		const log = makePatrolLog();
		const scheduled = log.scheduled('r1', T('10:00'));
		expect(silenceDueAt(roundAfter([scheduled]))).toBeNull();
		const started = roundAfter([scheduled, log.scanned('G1', 'A', T('10:01'), T('10:02'))]);
		expect(started.lastContactAt).toBe(T('10:02'));
		expect(silenceDueAt(started)?.toISOString()).toBe(T('10:17'));
		expect(isGuardSilentOnRound(started, new Date(T('10:17')))).toBe(false);
		expect(isGuardSilentOnRound(started, new Date(Date.parse(T('10:17')) + 1))).toBe(true);
	});

	it('is noted once by GuardSilenceNoted for the contact it names, and cleared by any scan of the guard', () => {
		const log = makePatrolLog();
		const events = [log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:01'))];
		const stale = roundAfter([...events, log.silent('r1', 'G1', T('09:00'), T('10:16'))]);
		expect(stale.silentSince).toBeNull();
		events.push(log.silent('r1', 'G1', T('10:01'), T('10:16')));
		const silent = roundAfter(events);
		expect(silent).toMatchObject({ silentSince: T('10:01'), status: 'in_progress' });
		expect(silenceDueAt(silent)).toBeNull();
		// A scan of a checkpoint on no round still says the guard is alive.
		const heard = roundAfter([...events, log.scanned('G1', 'Z', T('10:20'))]);
		expect(heard).toMatchObject({ silentSince: null, lastContactAt: T('10:20') });
		expect(silenceDueAt(heard)?.toISOString()).toBe(T('10:35'));
	});
});

describe('planRound', () => {
	const route = {
		route: 'R1',
		name: { 'zh-CN': '夜巡', 'zh-TW': '夜巡', en: 'Night round' },
		mode: 'strict' as const,
		stops: [
			{ checkpoint: 'A', legMinutes: 0, toleranceMinutes: 5 },
			{ checkpoint: 'B', legMinutes: 20, toleranceMinutes: 5 }
		]
	};
	it('copies the route’s stops and mode into the round, with one id per schedule and start', () => {
		const start = new Date(T('20:00'));
		const data = planRound(route, { round: roundIdOf('S1', start), schedule: 'S1', guard: null, plannedStart: start });
		expect(data).toEqual({
			round: `S1@${T('20:00')}`,
			route: 'R1',
			schedule: 'S1',
			guard: null,
			plannedStart: T('20:00'),
			mode: 'strict',
			stops: route.stops,
			silenceMinutes: 25
		});
		expect(data.stops[0]).not.toBe(route.stops[0]);
	});
	it('the silence limit: the route’s own, else 15 minutes stretched to its longest leg', () => {
		expect(silenceMinutesOf({ ...route, silenceMinutes: 10 })).toBe(10);
		expect(silenceMinutesOf({ stops: [{ checkpoint: 'A', legMinutes: 3, toleranceMinutes: 2 }] })).toBe(15);
	});
});

describe('the patrol timer and scans off the route', () => {
	it('a scan of the guard off the round keeps the round as it is, and puts off its silence when the timer fires', () => {
		const log = makePatrolLog();
		const events = [log.scheduled('r1', T('10:00')), log.scanned('G1', 'A', T('10:01'))];
		const before = roundAfter(events);
		const after = roundAfter([...events, log.scanned('G1', 'Z', T('10:10'))]);
		expect(after).toEqual(before);
		// B's window ends at 10:15; the silence is due at 10:16 by the round's own contact, but the guard's scan at 10:10 says they are alive until 10:25.
		expect(patrolDueAt(after)?.toISOString()).toBe(T('10:15'));
		const atSilence = new Date(T('10:16'));
		expect(decidePatrolTimer(after, atSilence, T('10:10')).filter((d) => d.type === 'GuardSilenceNoted')).toEqual([]);
		expect(silenceDueAt(after, T('10:10'))?.toISOString()).toBe(T('10:25'));
		const silent = decidePatrolTimer(after, new Date(T('10:25')), T('10:10')).find((d) => d.type === 'GuardSilenceNoted');
		expect(silent?.data).toMatchObject({ guard: 'G1', since: T('10:10') });
		// Noted with that contact, the round takes it (it heard of nothing later).
		const noted = roundAfter([...events, log.scanned('G1', 'Z', T('10:10')), log.silent('r1', 'G1', T('10:10'), T('10:25'))]);
		expect(noted.silentSince).toBe(T('10:10'));
	});
});
