import { describe, expect, it } from 'vitest';
import { summarise } from './sign-in-audit';
import type { EndedWindow } from './throttle';

const windowOf = (w: Partial<EndedWindow>): EndedWindow => ({
	scope: 'account',
	key: 'op-a',
	windowStart: new Date('2025-01-01T00:00:00Z'),
	failures: 0,
	refused: 0,
	lastAddress: '10.0.0.1',
	lastUserAgent: 'ua',
	...w
});

describe('summarise', () => {
	it('says nothing of an account window its first-failure event already told', () => {
		expect(summarise(windowOf({ failures: 1 }))).toBeNull();
		expect(summarise(windowOf({ failures: 0 }))).toBeNull();
	});
	it('counts an account’s further failures and its refusals', () => {
		expect(summarise(windowOf({ failures: 10, refused: 30 }))).toEqual({
			username: 'op-a',
			address: '10.0.0.1',
			userAgent: 'ua',
			count: 9,
			refused: 30,
			since: '2025-01-01T00:00:00.000Z'
		});
		expect(summarise(windowOf({ failures: 1, refused: 2 }))).toMatchObject({ count: 0, refused: 2 });
	});
	it('summarises an address only when it was refused', () => {
		expect(summarise(windowOf({ scope: 'address', key: '10.0.0.9', failures: 12 }))).toBeNull();
		expect(summarise(windowOf({ scope: 'address', key: '10.0.0.9', failures: 30, refused: 7 }))).toEqual({
			address: '10.0.0.9',
			count: 30,
			refused: 7,
			since: '2025-01-01T00:00:00.000Z'
		});
	});
});
