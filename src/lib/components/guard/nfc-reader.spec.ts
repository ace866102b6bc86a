import { describe, expect, it } from 'vitest';
import { listNdefUrls } from './nfc-reader';

const bytes = (text: string) => new DataView(new TextEncoder().encode(text).buffer);

describe('listNdefUrls', () => {
	it('reads URL records and text records that hold an absolute URL, in order', () => {
		expect(
			listNdefUrls([
				{ recordType: 'url', data: bytes('https://estate.example/guard/c/s1/A') },
				{ recordType: 'text', encoding: 'utf-8', data: bytes(' http://10.0.0.2/guard/c/s1/B ') },
				{ recordType: 'absolute-url', data: bytes('https://estate.example/guard/c/s1/C') }
			])
		).toEqual(['https://estate.example/guard/c/s1/A', 'http://10.0.0.2/guard/c/s1/B', 'https://estate.example/guard/c/s1/C']);
	});

	it('leaves out plain text, other record types and empty records', () => {
		expect(
			listNdefUrls([
				{ recordType: 'text', data: bytes('Checkpoint A') },
				{ recordType: 'mime', data: bytes('https://estate.example/guard/c/s1/A') },
				{ recordType: 'url', data: null }
			])
		).toEqual([]);
	});
});
