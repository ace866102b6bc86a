import { describe, expect, it } from 'vitest';
import { safeNext } from './cookie';

describe('safeNext', () => {
	it('keeps same-origin paths with their query', () => {
		expect(safeNext('/admin/users?x=1')).toBe('/admin/users?x=1');
		expect(safeNext('/wall')).toBe('/wall');
	});
	it('never leaves the origin, however the path is spelled', () => {
		for (const evil of ['//evil.example/', '/\t/evil.example/', '/\\evil.example', '/\n/evil.example', '/\r\n/evil.example', '\\\\evil.example', 'https://evil.example', ' /evil', '/%09/evil.example/'])
			expect(new URL(safeNext(evil), 'http://us.example').host).toBe('us.example');
	});
	it('falls back to the console for anything else', () => {
		expect(safeNext(null)).toBe('/');
		expect(safeNext('')).toBe('/');
		expect(safeNext('javascript:alert(1)')).toBe('/');
	});
});
