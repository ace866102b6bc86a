import { describe, expect, it } from 'vitest';
import { CLOCK_SKEW_LIMIT_MS } from '../envelope';
import { SCAN_UPLOAD_DELAY_MAX_MS, scanTimeOf } from './scan';

describe('scanTimeOf', () => {
	const receivedAt = '2026-11-24T10:00:00.000Z';
	const r = Date.parse(receivedAt);
	const at = (ms: number) => ({ at: new Date(ms).toISOString(), receivedAt });
	it('believes the phone up to the skew limit ahead and up to the upload delay behind', () => {
		expect(scanTimeOf(at(r + CLOCK_SKEW_LIMIT_MS))).toBe(r + CLOCK_SKEW_LIMIT_MS);
		expect(scanTimeOf(at(r - SCAN_UPLOAD_DELAY_MAX_MS))).toBe(r - SCAN_UPLOAD_DELAY_MAX_MS);
		expect(scanTimeOf(at(r - 40 * 60_000))).toBe(r - 40 * 60_000);
	});
	it('falls back to the receipt past either bound, or for an unreadable time', () => {
		expect(scanTimeOf(at(r + CLOCK_SKEW_LIMIT_MS + 1))).toBe(r);
		expect(scanTimeOf(at(r - SCAN_UPLOAD_DELAY_MAX_MS - 1))).toBe(r);
		expect(scanTimeOf({ at: 'not a time', receivedAt })).toBe(r);
	});
});
