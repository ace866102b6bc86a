import { describe, expect, it } from 'vitest';
import { readPhotoType, sniffPhotoType } from './image-type';

const bytes = (...b: (number | string)[]) => new Uint8Array(b.flatMap((x) => (typeof x === 'string' ? [...x].map((c) => c.charCodeAt(0)) : [x])));

describe('sniffPhotoType', () => {
	it('tells JPEG, PNG and WebP by their first bytes', () => {
		expect(sniffPhotoType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 'JFIF'))).toBe('image/jpeg');
		expect(sniffPhotoType(bytes(0x89, 'PNG', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 'IHDR'))).toBe('image/png');
		expect(sniffPhotoType(bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '))).toBe('image/webp');
	});

	it('refuses anything else, and signatures cut short', () => {
		expect(sniffPhotoType(bytes('GIF89a', 1, 0, 1, 0))).toBeNull();
		expect(sniffPhotoType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
		expect(sniffPhotoType(bytes('RIFF', 0x24, 0, 0, 0, 'WAVEfmt '))).toBeNull();
		expect(sniffPhotoType(bytes(0xff, 0xd8))).toBeNull();
		expect(sniffPhotoType(bytes(0x89, 'PNG'))).toBeNull();
		expect(sniffPhotoType(new Uint8Array())).toBeNull();
	});
});

describe('readPhotoType', () => {
	it('reads our three types whatever the case and parameters, and nothing else', () => {
		expect(readPhotoType('image/JPEG')).toBe('image/jpeg');
		expect(readPhotoType('image/webp; q=1')).toBe('image/webp');
		expect(readPhotoType('image/gif')).toBeNull();
		expect(readPhotoType('application/octet-stream')).toBeNull();
		expect(readPhotoType(null)).toBeNull();
	});
});
