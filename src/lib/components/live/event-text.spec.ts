import { describe, expect, it } from 'vitest';
import { describeClockSkew } from './event-text';

describe('describeClockSkew', () => {
	const MINUTE = 60_000;
	const DAY = 24 * 60 * MINUTE;
	it.each([
		[-10 * MINUTE, 'Device clock 10 min behind'],
		[3 * 60 * MINUTE, 'Device clock 3 h ahead'],
		[-60 * DAY, 'Device clock 60 days behind'],
		// A clock that reads 1970 after its battery died, seen in 2026.
		[Date.parse('1970-01-01T00:00:10Z') - Date.parse('2026-05-01T00:00:00Z'), 'Device clock 56 years behind'],
		[Date.parse('2099-01-01T00:00:00Z') - Date.parse('2026-05-01T00:00:00Z'), 'Device clock 73 years ahead']
	])('says %d ms in the largest unit that reads well', (skew, text) => {
		expect(describeClockSkew(skew, 'en')).toBe(text);
	});

	it('speaks the reader\'s language', () => {
		expect(describeClockSkew(-60 * DAY, 'zh-CN')).toBe('设备时钟慢 60 天');
		expect(describeClockSkew(Date.parse('1970-01-01T00:00:10Z') - Date.parse('2026-05-01T00:00:00Z'), 'zh-TW')).toBe('設備時鐘慢 56 年');
	});
});
