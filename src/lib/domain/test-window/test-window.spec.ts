import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { decideTestStart } from './decide';
import { evolveTestWindows } from './evolve';
import { listExpiredTests, listRunningTests, type ActiveTest } from './model';

const now = new Date('2026-11-24T02:00:00.000Z');
const envelope = (seq: number, type: string, data: Record<string, unknown>): EventEnvelope =>
	({
	site: 's1',
	seq,
	type: type as EventEnvelope['type'],
	id: null,
	source: { kind: 'user', id: 'u1' },
	at: now.toISOString(),
	receivedAt: now.toISOString(),
	data
	}) as EventEnvelope;

describe('decideTestStart', () => {
	const known = { device: true, points: ['P1', 'P2'] };
	it('sets the end from the minutes and trims the reason', () => {
		expect(decideTestStart({ device: 'FAP', point: 'P1', minutes: 90, reason: ' yearly test ' }, known, now)).toEqual({
			ok: true,
			data: { device: 'FAP', point: 'P1', until: '2026-11-24T03:30:00.000Z', minutes: 90, reason: 'yearly test' }
		});
	});
	it('refuses unknown devices and points, bad minutes and a missing reason', () => {
		const base = { device: 'FAP', point: null, minutes: 10, reason: 'r' };
		expect(decideTestStart(base, { device: false, points: null }, now)).toEqual({ ok: false, reason: 'unknown_device' });
		expect(decideTestStart({ ...base, point: 'P9' }, known, now)).toEqual({ ok: false, reason: 'unknown_point' });
		expect(decideTestStart({ ...base, point: 'P9' }, { device: true, points: null }, now).ok).toBe(true);
		for (const minutes of [0, 1.5, 24 * 60 + 1]) expect(decideTestStart({ ...base, minutes }, known, now)).toEqual({ ok: false, reason: 'invalid_minutes' });
		expect(decideTestStart({ ...base, reason: '   ' }, known, now)).toEqual({ ok: false, reason: 'reason_required' });
		expect(decideTestStart({ ...base, reason: 'x'.repeat(501) }, known, now)).toEqual({ ok: false, reason: 'reason_too_long' });
	});
});

describe('evolveTestWindows', () => {
	const started = (seq: number, point: string | null, until: string) =>
		envelope(seq, 'TestModeStarted', { device: 'FAP', point, until, minutes: 10, reason: 'r' });
	it('adds, replaces the same target, and keeps whole-device and point windows apart', () => {
		let tests: readonly ActiveTest[] = [];
		tests = evolveTestWindows(tests, started(1, 'P1', '2026-11-24T02:10:00.000Z'));
		tests = evolveTestWindows(tests, started(2, null, '2026-11-24T02:20:00.000Z'));
		tests = evolveTestWindows(tests, started(3, 'P1', '2026-11-24T02:30:00.000Z'));
		expect(tests.map((t) => [t.point ?? '*', t.until, t.seq])).toEqual([
			['*', '2026-11-24T02:20:00.000Z', 2],
			['P1', '2026-11-24T02:30:00.000Z', 3]
		]);
		expect(evolveTestWindows(tests, envelope(4, 'AlarmRaised', {}))).toBe(tests);
	});
	it('an expiry ends only the window it was for; an early end ends whatever is there', () => {
		const tests = evolveTestWindows([], started(1, 'P1', '2026-11-24T02:30:00.000Z'));
		const staleExpiry = envelope(2, 'TestModeEnded', { device: 'FAP', point: 'P1', how: 'expired', until: '2026-11-24T02:10:00.000Z' });
		expect(evolveTestWindows(tests, staleExpiry)).toHaveLength(1);
		const expiry = envelope(2, 'TestModeEnded', { device: 'FAP', point: 'P1', how: 'expired', until: '2026-11-24T02:30:00.000Z' });
		expect(evolveTestWindows(tests, expiry)).toEqual([]);
		const early = envelope(2, 'TestModeEnded', { device: 'FAP', point: 'P1', how: 'ended', until: 'whatever' });
		expect(evolveTestWindows(tests, early)).toEqual([]);
		const otherPoint = envelope(2, 'TestModeEnded', { device: 'FAP', point: null, how: 'ended', until: 'x' });
		expect(evolveTestWindows(tests, otherPoint)).toHaveLength(1);
	});
	it('a window is over at its end time, logged or not', () => {
		const tests = evolveTestWindows([], started(1, 'P1', '2026-11-24T02:10:00.000Z'));
		expect(listRunningTests(tests, new Date('2026-11-24T02:09:59.999Z'))).toHaveLength(1);
		expect(listRunningTests(tests, new Date('2026-11-24T02:10:00.000Z'))).toHaveLength(0);
		expect(listExpiredTests(tests, new Date('2026-11-24T02:10:00.000Z'))).toHaveLength(1);
	});
});
