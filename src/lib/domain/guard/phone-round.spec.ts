import { describe, expect, it } from 'vitest';
import type { Round, RoundCheckpoint } from '../patrol/round';
import { formatDuration, getCurrentRound, getNextCheckpoint, listOpenRounds, markWaitingScans } from './phone-round';

const T = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;

function stop(checkpoint: string, from: string, to: string, state: RoundCheckpoint['state'] = 'pending', scannedAt: string | null = null): RoundCheckpoint {
	return { checkpoint, windowStart: T(from), windowEnd: T(to), state, scanSeq: null, scannedAt, receivedAt: null, arrivedLate: false, skipReason: null, missedAt: null, lateNoted: false };
}

function round(id: string, over: Partial<Round> = {}): Round {
	return {
		kind: 'round', id, site: 's', route: 'R', schedule: null, mode: 'strict', guard: null, plannedStart: T('10:00'), status: 'scheduled',
		checkpoints: [stop('A', '09:55', '10:05'), stop('B', '10:05', '10:15')], startedAt: null, finishedAt: null, silenceMinutes: 30,
		lastContactAt: null, silentSince: null, contactResumedAt: null, compliance: 0, lastSeq: 1, ...over
	};
}

const guard = { id: 'G1', name: { 'zh-CN': '王', 'zh-TW': '王', en: 'Wang' } };

describe('getCurrentRound and listOpenRounds', () => {
	it('takes the guard’s round under way before their planned ones, and offers the rest they may walk', () => {
		const planned = round('planned', { guard: 'G1', plannedStart: T('09:00') });
		const going = round('going', { guard: 'G1', status: 'in_progress', plannedStart: T('10:00') });
		const free = round('free', { plannedStart: T('11:00') });
		const other = round('other', { guard: 'G2' });
		const done = round('done', { guard: 'G1', status: 'completed' });
		const s = { guard, rounds: [free, done, planned, other, going] };
		expect(getCurrentRound(s, Date.parse(T('10:00')))?.id).toBe('going');
		expect(listOpenRounds(s, going).map((r) => r.id)).toEqual(['planned', 'free']);
	});

	it('falls back to the earliest planned round of the guard, or none', () => {
		const s = { guard, rounds: [round('late', { guard: 'G1', plannedStart: T('12:00') }), round('early', { guard: 'G1', plannedStart: T('08:00') })] };
		expect(getCurrentRound(s, 0)?.id).toBe('early');
		expect(getCurrentRound({ guard, rounds: [round('free')] }, 0)).toBeNull();
	});

	it('keeps a round the guard just finished for half an hour, then moves on to the next planned', () => {
		const done = round('done', { guard: 'G1', status: 'completed', finishedAt: T('10:20') });
		const next = round('next', { guard: 'G1', plannedStart: T('11:00') });
		const s = { guard, rounds: [next, done] };
		expect(getCurrentRound(s, Date.parse(T('10:50')))?.id).toBe('done');
		expect(getCurrentRound(s, Date.parse(T('10:51')))?.id).toBe('next');
	});
});

describe('markWaitingScans', () => {
	it('marks a waiting scan’s checkpoint as waiting with the phone’s time, leaving stored states alone', () => {
		const r = round('r', { checkpoints: [stop('A', '09:55', '10:05', 'on_time', T('10:01')), stop('B', '10:05', '10:15'), stop('C', '10:15', '10:25')] });
		const marked = markWaitingScans(r, [{ checkpoint: 'C', at: T('10:16') }, { checkpoint: 'A', at: T('10:17') }, { checkpoint: 'X', at: T('10:18') }]);
		expect(marked.map((c) => [c.checkpoint, c.state, c.scannedAt])).toEqual([
			['A', 'on_time', T('10:01')],
			['B', 'pending', null],
			['C', 'waiting', T('10:16')]
		]);
	});

	it('marks a checkpoint passed twice once per waiting scan, oldest scan first', () => {
		const r = round('r', { checkpoints: [stop('A', '09:55', '10:05'), stop('B', '10:05', '10:15'), stop('A', '10:15', '10:25')] });
		expect(markWaitingScans(r, [{ checkpoint: 'A', at: T('10:03') }]).map((c) => c.state)).toEqual(['waiting', 'pending', 'pending']);
		expect(markWaitingScans(r, [{ checkpoint: 'A', at: T('10:20') }, { checkpoint: 'A', at: T('10:03') }]).map((c) => c.scannedAt)).toEqual([T('10:03'), null, T('10:20')]);
	});
});

describe('getNextCheckpoint', () => {
	it('is the first stop still pending, with the time left to its window’s end', () => {
		const marked = markWaitingScans(round('r'), [{ checkpoint: 'A', at: T('10:00') }]);
		expect(getNextCheckpoint(marked, Date.parse(T('10:10')))).toEqual({ index: 1, checkpoint: 'B', windowEnd: T('10:15'), leftMs: 5 * 60_000 });
		expect(getNextCheckpoint(marked, Date.parse(T('10:16')))?.leftMs).toBe(-60_000);
	});

	it('is null once every stop is dealt with', () => {
		expect(getNextCheckpoint(markWaitingScans(round('r'), [{ checkpoint: 'A', at: T('10:00') }, { checkpoint: 'B', at: T('10:06') }]), 0)).toBeNull();
	});
});

describe('formatDuration', () => {
	it('writes m:ss below an hour and h:mm:ss from it, without sign', () => {
		expect(formatDuration(0)).toBe('0:00');
		expect(formatDuration(65_400)).toBe('1:05');
		expect(formatDuration(-65_400)).toBe('1:05');
		expect(formatDuration(3_600_000 + 61_000)).toBe('1:01:01');
	});
});
