import { describe, expect, it } from 'vitest';
import { canWatchSite, getLoginDelayMs, isSessionAlive, SESSION_POLICY } from './access';

describe('canWatchSite', () => {
	it('lets an admin watch every site', () => {
		expect(canWatchSite({ role: 'admin', sites: [] }, 'B')).toBe(true);
	});
	it('scopes operators, managers and walls to their sites', () => {
		for (const role of ['operator', 'manager', 'wall'] as const) {
			expect(canWatchSite({ role, sites: ['A'] }, 'A')).toBe(true);
			expect(canWatchSite({ role, sites: ['A'] }, 'B')).toBe(false);
		}
	});
	it('keeps guards off live site data, even of their own site', () => {
		expect(canWatchSite({ role: 'guard', sites: ['A'] }, 'A')).toBe(false);
	});
});

describe('isSessionAlive', () => {
	const now = new Date('2026-11-23T12:00:00Z');
	const ago = (ms: number) => new Date(now.getTime() - ms);
	const later = new Date(now.getTime() + 1000);
	it('keeps a night operator signed in through a 12-hour shift without clicks', () => {
		expect(isSessionAlive('operator', { lastSeenAt: ago(12 * 3600_000), expiresAt: later }, now)).toBe(true);
	});
	it('ends an idle admin session after its idle limit', () => {
		expect(isSessionAlive('admin', { lastSeenAt: ago(SESSION_POLICY.admin.idleMs), expiresAt: later }, now)).toBe(false);
	});
	it('ends any session at its absolute limit', () => {
		expect(isSessionAlive('wall', { lastSeenAt: now, expiresAt: now }, now)).toBe(false);
	});
});

describe('getLoginDelayMs', () => {
	it('grows with failures and is capped', () => {
		expect([0, 2, 3, 4, 5, 9, 20].map(getLoginDelayMs)).toEqual([0, 0, 250, 500, 1000, 4000, 4000]);
	});
});
