import { describe, expect, it } from 'vitest';
import { fitText, markdownHref, truncateUtf8, utf8Length } from './robot-markdown';

describe('truncateUtf8', () => {
	it('leaves a text that fits alone', () => {
		expect(truncateUtf8('守望', 6)).toBe('守望');
	});

	it('cuts on a character boundary and ends in an ellipsis', () => {
		// 守 and 望 are 3 bytes each, … is 3: 7 bytes hold one character and the ellipsis.
		expect(truncateUtf8('守望守望', 7)).toBe('守…');
		expect(truncateUtf8('守望守望', 8)).toBe('守…');
		expect(truncateUtf8('守望守望', 9)).toBe('守望…');
		// 😀 is four bytes (a surrogate pair in JavaScript): it goes whole or not at all.
		expect(truncateUtf8('ab😀cdef', 8)).toBe('ab…');
		expect(truncateUtf8('ab😀cdef', 9)).toBe('ab😀…');
	});

	it('never goes over, even with no room for the ellipsis', () => {
		for (let max = 0; max < 20; max++) {
			const cut = truncateUtf8('a守😀b望'.repeat(3), max);
			expect(utf8Length(cut)).toBeLessThanOrEqual(max);
			expect(cut).not.toContain('\uFFFD');
		}
	});
});

describe('fitText', () => {
	it('cuts the text, not its frame', () => {
		const out = fitText((t) => `<<${t}>>`, 'x'.repeat(100), 20);
		expect(out).toBe(`<<${'x'.repeat(13)}…>>`);
		expect(utf8Length(out)).toBe(20);
	});
});

describe('markdownHref', () => {
	it('takes http(s) only and escapes what would end the link', () => {
		expect(markdownHref('https://sw.example.cn/t/(1)')).toBe('https://sw.example.cn/t/%281%29');
		expect(markdownHref('javascript:alert(1)')).toBeNull();
		expect(markdownHref('not a link')).toBeNull();
		expect(markdownHref(null)).toBeNull();
	});
});
