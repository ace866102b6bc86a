import { describe, expect, it } from 'vitest';
import { getTileImageSource } from './tile-source';

describe('getTileImageSource', () => {
	it('is the origin of a fixed host', () => {
		expect(getTileImageSource('https://tiles.example.com/{z}/{x}/{y}.png')).toBe('https://tiles.example.com');
		expect(getTileImageSource('http://127.0.0.1:8080/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
	});

	it('widens a subdomain placeholder to a wildcard label', () => {
		expect(getTileImageSource('https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}')).toBe('https://*.is.autonavi.com');
	});

	it('needs nothing for a same-origin path', () => {
		expect(getTileImageSource('/tiles/{z}/{x}/{y}.png')).toBeUndefined();
	});
});
