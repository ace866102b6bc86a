import { describe, expect, it } from 'vitest';
import { SIGN_IN_FIELD_LIMITS } from '$lib/domain/access';
import { addressKeyOf, boundClientMeta, boundUsername } from './client-meta';

describe('boundClientMeta', () => {
	it('cuts every client-chosen field to its bound, never inside a surrogate pair', () => {
		const meta = boundClientMeta({ address: 'a'.repeat(500), userAgent: '🚒'.repeat(500) });
		expect(meta.address).toHaveLength(SIGN_IN_FIELD_LIMITS.address);
		expect(Array.from(meta.userAgent!)).toHaveLength(SIGN_IN_FIELD_LIMITS.userAgent);
		expect(meta.userAgent!.endsWith('🚒')).toBe(true);
		expect(boundClientMeta({ address: '::1', userAgent: null })).toEqual({ address: '::1', userAgent: null });
		expect(boundUsername('u'.repeat(100))).toHaveLength(SIGN_IN_FIELD_LIMITS.username);
	});
});

describe('addressKeyOf', () => {
	it('throttles an IPv6 host by its /64 and a mapped IPv4 address as IPv4', () => {
		expect(addressKeyOf('2001:db8:0:1:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:0:1::/64');
		expect(addressKeyOf('2001:DB8:0:1::5')).toBe('2001:db8:0:1::/64');
		expect(addressKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
		expect(addressKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
		expect(addressKeyOf('::1')).toBe('0:0:0:0::/64');
		expect(addressKeyOf('::ffff:10.0.0.7')).toBe('10.0.0.7');
		expect(addressKeyOf('10.0.0.7')).toBe('10.0.0.7');
		expect(addressKeyOf('not an address')).toBe('not an address');
	});
});
