import { describe, expect, it } from 'vitest';
import { getRetryDelayMs, judgeAnswer, RETRY_FIRST_MS, RETRY_MAX_MS } from './retry-schedule';

describe('getRetryDelayMs', () => {
	it('does not wait before the first try', () => {
		expect(getRetryDelayMs(0)).toBe(0);
		expect(getRetryDelayMs(-3)).toBe(0);
		expect(getRetryDelayMs(Number.NaN)).toBe(0);
	});

	it('doubles from 2 s after each failure and stops growing at 30 s', () => {
		expect([1, 2, 3, 4, 5, 6, 50, 10_000].map(getRetryDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000]);
		expect(getRetryDelayMs(1)).toBe(RETRY_FIRST_MS);
		expect(getRetryDelayMs(Number.POSITIVE_INFINITY)).toBe(RETRY_MAX_MS);
		expect(getRetryDelayMs(7)).toBe(RETRY_MAX_MS);
	});
});

describe('judgeAnswer', () => {
	it('takes 201 stored and 200 stored before as done', () => {
		expect(judgeAnswer(201)).toBe('done');
		expect(judgeAnswer(200)).toBe('done');
	});

	it('refuses what the server will never take, so it is not sent for ever', () => {
		expect(judgeAnswer(400)).toBe('refused');
		expect(judgeAnswer(413)).toBe('refused');
		expect(judgeAnswer(415)).toBe('refused');
	});

	it('keeps trying after a network error, an outage, a throttle or a lost session', () => {
		for (const status of [null, 500, 502, 503, 504, 429, 401, 403, 404, 408]) expect(judgeAnswer(status), String(status)).toBe('retry');
	});
});
