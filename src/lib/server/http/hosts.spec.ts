import { describe, expect, it } from 'vitest';
import { isLoopbackAddress, isLoopbackHost } from './hosts';

describe('loopback', () => {
	it('knows loopback addresses', () => {
		for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
		for (const a of ['10.0.0.1', '0.0.0.0', '::', '192.168.1.2', 'localhost', '', null]) expect(isLoopbackAddress(a)).toBe(false);
	});
	it('knows loopback Host headers, with or without a port', () => {
		for (const h of ['127.0.0.1:3000', 'localhost', 'LOCALHOST:80', '[::1]:3000', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
		for (const h of ['evil.example', 'evil.example:3000', 'localhost.evil.example', '127.0.0.1.nip.io', '[::2]:1', '', null])
			expect(isLoopbackHost(h)).toBe(false);
	});
});
