import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../events';
import { keptRows, viewRows } from '../projection';
import { dailyCounts, dayOf, listRecentDays } from './daily-counts';

const scan = (seq: number, receivedAt: string) =>
	({ site: 's1', seq, type: 'CheckpointScanned', id: null, source: { kind: 'device', id: 'h1' }, at: receivedAt, receivedAt, data: { guard: 'g', checkpoint: 'c', method: 'nfc' } }) as EventEnvelope;

describe('dayOf', () => {
	it('turns the day at the zone’s midnight, also in zones a quarter hour off the hour, whatever was asked before', () => {
		// Shanghai is UTC+8: midnight is 16:00 UTC.
		expect(dayOf('2026-11-30T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-11-30');
		expect(dayOf('2026-11-30T16:00:00.000Z', 'Asia/Shanghai')).toBe('2026-12-01');
		expect(dayOf('2026-11-30T15:59:59.999Z', 'Asia/Shanghai')).toBe('2026-11-30');
		// Kathmandu is UTC+5:45: midnight is 18:15 UTC, inside an hour.
		expect(dayOf('2026-11-30T18:14:59.999Z', 'Asia/Kathmandu')).toBe('2026-11-30');
		expect(dayOf('2026-11-30T18:15:00.000Z', 'Asia/Kathmandu')).toBe('2026-12-01');
		expect(dayOf(new Date('2026-11-30T18:14:00.000Z'), 'Asia/Kathmandu')).toBe('2026-11-30');
	});
});

describe('the daily counts projection', () => {
	it('counts each event on its local day, keeps the newest two days in a keyframe and shows the day of `at` and the one before', () => {
		const site = { timeZone: 'Asia/Shanghai' };
		const state = dailyCounts.restore([]);
		const times = ['2026-11-28T10:00:00Z', '2026-11-29T10:00:00Z', '2026-11-30T15:59:00Z', '2026-11-30T16:01:00Z', '2026-11-30T17:00:00Z'];
		times.forEach((t, i) => dailyCounts.evolve(state, scan(i + 1, t), site));
		expect(dailyCounts.rows(state).map((d) => [d.day, d.counts.CheckpointScanned])).toEqual([
			['2026-11-28', 1],
			['2026-11-29', 1],
			['2026-11-30', 1],
			['2026-12-01', 2]
		]);
		expect(keptRows(dailyCounts, state).map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
		expect(viewRows(dailyCounts, state, new Date('2026-12-01T10:00:00Z'), site).map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
		expect(listRecentDays(dailyCounts.rows(state), new Date('2026-12-01T12:00:00Z'), 'Asia/Shanghai').map((d) => d.day)).toEqual(['2026-11-30', '2026-12-01']);
	});
});
