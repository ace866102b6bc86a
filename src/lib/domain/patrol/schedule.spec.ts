import { describe, expect, it } from 'vitest';
import type { ScheduleRule } from './round-events';
import { listPlannedStarts } from './schedule';
import { instantOfLocal, localDayOf, offsetAt } from './zoned-time';

const iso = (ds: Date[]) => ds.map((d) => d.toISOString());

describe('listPlannedStarts in Asia/Shanghai (no daylight saving)', () => {
	const tz = 'Asia/Shanghai';
	it('every 2 h from 20:00 to 06:00 crosses midnight, the end excluded', () => {
		const starts = listPlannedStarts({ kind: 'every', minutes: 120, from: '20:00', to: '06:00' }, new Date('2026-11-24T00:00:00+08:00'), new Date('2026-11-25T12:00:00+08:00'), tz);
		expect(iso(starts)).toEqual([
			// the night that opened on the 23rd, from `from` on
			'2026-11-23T16:00:00.000Z', // 00:00 local, the range's first instant
			'2026-11-23T18:00:00.000Z', // 02:00
			'2026-11-23T20:00:00.000Z', // 04:00
			'2026-11-24T12:00:00.000Z', // 20:00
			'2026-11-24T14:00:00.000Z',
			'2026-11-24T16:00:00.000Z', // 00:00 on the 25th
			'2026-11-24T18:00:00.000Z',
			'2026-11-24T20:00:00.000Z'
		]);
	});
	it('the same from and to is the whole day', () => {
		const starts = listPlannedStarts({ kind: 'every', minutes: 360, from: '03:00', to: '03:00' }, new Date('2026-11-24T00:00:00+08:00'), new Date('2026-11-25T00:00:00+08:00'), tz);
		expect(iso(starts)).toEqual(['2026-11-23T19:00:00.000Z', '2026-11-24T01:00:00.000Z', '2026-11-24T07:00:00.000Z', '2026-11-24T13:00:00.000Z']);
	});
	it('daily at times, the range half open', () => {
		const rule: ScheduleRule = { kind: 'daily', times: ['08:00', '08:00', '17:30'] };
		const starts = listPlannedStarts(rule, new Date('2026-11-24T08:00:00+08:00'), new Date('2026-11-25T08:00:00+08:00'), tz);
		expect(iso(starts)).toEqual(['2026-11-24T00:00:00.000Z', '2026-11-24T09:30:00.000Z']);
	});
	it('once, only inside the range', () => {
		const rule = { kind: 'once', at: '2026-11-24T10:00:00+08:00' } as const;
		expect(iso(listPlannedStarts(rule, new Date('2026-11-24T00:00:00Z'), new Date('2026-11-25T00:00:00Z'), tz))).toEqual(['2026-11-24T02:00:00.000Z']);
		expect(listPlannedStarts(rule, new Date('2026-11-24T02:00:00.001Z'), new Date('2026-11-25T00:00:00Z'), tz)).toEqual([]);
		expect(listPlannedStarts(rule, new Date('2026-11-25T00:00:00Z'), new Date('2026-11-24T00:00:00Z'), tz)).toEqual([]);
	});
});

describe('listPlannedStarts in Europe/Berlin (daylight saving)', () => {
	const tz = 'Europe/Berlin';
	const rule = { kind: 'every', minutes: 60, from: '22:00', to: '05:00' } as const;
	it('keeps wall-clock hours when the clocks go forward; 02:00 does not exist and becomes 03:00', () => {
		const starts = listPlannedStarts(rule, new Date('2026-03-28T12:00:00Z'), new Date('2026-03-29T12:00:00Z'), tz);
		expect(iso(starts)).toEqual([
			'2026-03-28T21:00:00.000Z', // 22:00 CET
			'2026-03-28T22:00:00.000Z', // 23:00
			'2026-03-28T23:00:00.000Z', // 00:00
			'2026-03-29T00:00:00.000Z', // 01:00 CET
			'2026-03-29T01:00:00.000Z', // 02:00 does not exist: 03:00 CEST, taken once
			'2026-03-29T02:00:00.000Z' // 04:00 CEST
		]);
	});
	it('takes the hour that happens twice once, the earlier, when the clocks go back', () => {
		const starts = listPlannedStarts(rule, new Date('2026-10-24T12:00:00Z'), new Date('2026-10-25T12:00:00Z'), tz);
		expect(iso(starts)).toEqual([
			'2026-10-24T20:00:00.000Z', // 22:00 CEST
			'2026-10-24T21:00:00.000Z',
			'2026-10-24T22:00:00.000Z', // 00:00
			'2026-10-24T23:00:00.000Z', // 01:00 CEST
			'2026-10-25T00:00:00.000Z', // 02:00 CEST, the first of two
			'2026-10-25T02:00:00.000Z', // 03:00 CET
			'2026-10-25T03:00:00.000Z' // 04:00 CET
		]);
	});
});

describe('zoned time', () => {
	it('reads offsets and local days', () => {
		expect(offsetAt(Date.parse('2026-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * 3600_000);
		expect(offsetAt(Date.parse('2026-01-01T00:00:00Z'), 'Europe/Berlin')).toBe(3600_000);
		const day = localDayOf(Date.parse('2026-11-23T16:00:00Z'), 'Asia/Shanghai');
		expect(new Date(day * 86_400_000).toISOString().slice(0, 10)).toBe('2026-11-24');
		expect(new Date(instantOfLocal(day, 0, 'Asia/Shanghai')).toISOString()).toBe('2026-11-23T16:00:00.000Z');
	});
});
