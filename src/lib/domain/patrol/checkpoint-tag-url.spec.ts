import { describe, expect, it } from 'vitest';
import { formatCheckpointTagUrl, parseCheckpointTag } from './checkpoint-tag-url';

describe('checkpoint tag URLs', () => {
	it('round-trips a site and checkpoint through the URL a tag holds', () => {
		const url = formatCheckpointTagUrl('https://cr.example.com/', 'estate-1', 'CP-07');
		expect(url).toBe('https://cr.example.com/guard/c/estate-1/CP-07');
		expect(parseCheckpointTag(url)).toEqual({ site: 'estate-1', checkpoint: 'CP-07' });
	});
	it('reads a tag printed under another origin, with a trailing slash or query', () => {
		expect(parseCheckpointTag(' http://10.0.0.5:3000/guard/c/a/B_1/?x=1 ')).toEqual({ site: 'a', checkpoint: 'B_1' });
	});
	it('refuses text that is no tag', () => {
		expect(parseCheckpointTag('CP-07')).toBeNull();
		expect(parseCheckpointTag('https://evil.example/guard/c/a/b/c')).toBeNull();
		expect(parseCheckpointTag('https://x/guard/c/a%2F/b')).toBeNull();
	});
});
