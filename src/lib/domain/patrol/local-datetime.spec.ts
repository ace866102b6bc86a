import { describe, expect, it } from 'vitest';
import { instantOfLocalDateTime, localDateTimeOf } from './local-datetime';

describe('local date-times of one-off schedules', () => {
	it('reads the wall clock in the site zone, and back', () => {
		expect(instantOfLocalDateTime('2025-03-01T20:00', 'Asia/Shanghai')).toBe('2025-03-01T12:00:00.000Z');
		expect(localDateTimeOf('2025-03-01T12:00:00.000Z', 'Asia/Shanghai')).toBe('2025-03-01T20:00');
		expect(localDateTimeOf('2025-07-01T12:30:00Z', 'Europe/London')).toBe('2025-07-01T13:30');
	});

	it('moves a time the clock skips forward by the jump, and refuses what is not a date-time', () => {
		// London springs forward at 01:00 on 2025-03-30: 01:30 does not exist, 02:30 BST is meant.
		expect(instantOfLocalDateTime('2025-03-30T01:30', 'Europe/London')).toBe('2025-03-30T01:30:00.000Z');
		expect(instantOfLocalDateTime('2025-02-30T08:00', 'Asia/Shanghai')).toBeNull();
		expect(instantOfLocalDateTime('2025-02-03 08:00', 'Asia/Shanghai')).toBeNull();
		expect(instantOfLocalDateTime('', 'Asia/Shanghai')).toBeNull();
	});
});
