import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_LIMIT_MS, isClockSkewed } from './envelope';

describe('isClockSkewed', () => {
	const now = new Date('2026-11-23T12:00:00Z');
	it('tolerates drift up to the limit, either way', () => {
		expect(isClockSkewed(new Date(now.getTime() + CLOCK_SKEW_LIMIT_MS), now)).toBe(false);
		expect(isClockSkewed(new Date(now.getTime() - CLOCK_SKEW_LIMIT_MS), now)).toBe(false);
	});
	it('flags drift past the limit, either way', () => {
		expect(isClockSkewed(new Date(now.getTime() + CLOCK_SKEW_LIMIT_MS + 1), now)).toBe(true);
		expect(isClockSkewed(new Date(now.getTime() - CLOCK_SKEW_LIMIT_MS - 1), now)).toBe(true);
	});
});
