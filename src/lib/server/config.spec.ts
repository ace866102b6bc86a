import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

describe('parseConfig: map tiles', () => {
	it('has no tiles by default, so the map makes no request of its own', () => {
		expect(parseConfig({}).mapTiles).toBeUndefined();
	});

	it('reads the URL template, the datum and the attribution', () => {
		const url = 'https://webrd01.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}';
		expect(parseConfig({ MAP_TILE_URL: url, MAP_TILE_COORDS: 'gcj02', MAP_TILE_ATTRIBUTION: '© AutoNavi' }).mapTiles).toEqual({
			url,
			datum: 'gcj02',
			attribution: '© AutoNavi'
		});
		expect(parseConfig({ MAP_TILE_URL: url }).mapTiles?.datum).toBe('wgs84');
	});

	it('reads what {s} takes, and refuses anything but letters and digits', () => {
		const url = 'https://webrd0{s}.is.autonavi.com/appmaptile?style=8&x={x}&y={y}&z={z}';
		expect(parseConfig({ MAP_TILE_URL: url, MAP_TILE_SUBDOMAINS: '1234' }).mapTiles?.subdomains).toBe('1234');
		expect(() => parseConfig({ MAP_TILE_URL: url, MAP_TILE_SUBDOMAINS: '1,2' })).toThrow(/MAP_TILE_SUBDOMAINS/);
	});

	it('refuses a template without tile coordinates, or an unknown datum', () => {
		expect(() => parseConfig({ MAP_TILE_URL: 'https://tiles.example.com/map.png' })).toThrow(/MAP_TILE_URL/);
		expect(() => parseConfig({ MAP_TILE_URL: 'https://t.example.com/{z}/{x}/{y}.png', MAP_TILE_COORDS: 'bd09' })).toThrow(/MAP_TILE_COORDS/);
	});
});

describe('parseConfig: test clock', () => {
	it('is off unless SHOUWANG_TEST_CLOCK is set', () => {
		expect(parseConfig({}).testClock).toBe(false);
		expect(parseConfig({ SHOUWANG_TEST_CLOCK: '1' }).testClock).toBe(true);
		expect(parseConfig({ SHOUWANG_TEST_CLOCK: '0' }).testClock).toBe(false);
		expect(() => parseConfig({ SHOUWANG_TEST_CLOCK: 'maybe' })).toThrow(/SHOUWANG_TEST_CLOCK/);
	});
});

describe('parseConfig: photos', () => {
	it('keeps photos under DATA_DIR unless PHOTO_DIR says where', () => {
		expect(parseConfig({ DATA_DIR: '/var/lib/shouwang' }).photoDir).toBe('/var/lib/shouwang/photos');
		expect(parseConfig({ DATA_DIR: '/var/lib/shouwang', PHOTO_DIR: '/srv/photos' }).photoDir).toBe('/srv/photos');
	});
});
