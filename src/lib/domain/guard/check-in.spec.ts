import { describe, expect, it } from 'vitest';
import { isCheckInDue } from './check-in';

const T = (hhmm: string) => `2026-11-24T${hhmm}:00.000Z`;
const at = (hhmm: string) => Date.parse(T(hhmm));
const round = (over: Partial<Parameters<typeof isCheckInDue>[0] & object> = {}) => ({
	status: 'in_progress' as const,
	silenceMinutes: 30,
	lastContactAt: T('10:00'),
	silentSince: null,
	startedAt: T('09:50'),
	...over
});

describe('isCheckInDue', () => {
	it('asks once the guard has been still for two thirds of the silence limit', () => {
		expect(isCheckInDue(round(), null, null, at('10:19'))).toBe(false);
		expect(isCheckInDue(round(), null, null, at('10:21'))).toBe(true);
	});

	it('counts the newest contact: the round’s, the site’s, or one made on the phone and not yet sent', () => {
		expect(isCheckInDue(round(), T('10:10'), null, at('10:21'))).toBe(false);
		expect(isCheckInDue(round(), null, at('10:15'), at('10:21'))).toBe(false);
		expect(isCheckInDue(round({ lastContactAt: null }), null, null, at('10:11'))).toBe(true);
	});

	it('asks at once when the server noted the guard silent, until the guard does something after it', () => {
		const silent = round({ silentSince: T('10:00'), lastContactAt: T('10:00') });
		expect(isCheckInDue(silent, null, null, at('10:01'))).toBe(true);
		expect(isCheckInDue(silent, null, at('09:59'), at('10:01'))).toBe(true);
		expect(isCheckInDue(silent, null, at('10:01'), at('10:01'))).toBe(false);
	});

	it('never asks outside a round under way', () => {
		expect(isCheckInDue(null, null, null, at('23:00'))).toBe(false);
		expect(isCheckInDue(round({ status: 'scheduled' }), null, null, at('23:00'))).toBe(false);
		expect(isCheckInDue(round({ status: 'completed', silentSince: T('10:00') }), null, null, at('23:00'))).toBe(false);
		expect(isCheckInDue(round({ lastContactAt: null, startedAt: null }), null, null, at('23:00'))).toBe(false);
	});
});
