import { describe, expect, it } from 'vitest';
import { parseConfig, parseWatchdogConfig } from './config';

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

describe('parseWatchdogConfig', () => {
	it('is on by default, asking every 5 s, telling after 30 s, and of a site unwatched for 10 minutes', () => {
		expect(parseWatchdogConfig({ DATA_DIR: '/var/lib/shouwang' })).toEqual({ enabled: true, intervalMs: 5_000, graceMs: 30_000, unwatchedMs: 600_000, dataDir: '/var/lib/shouwang', origin: undefined, logLevel: 'info' });
	});

	it('reads the same settings the app does, from the watchdog variables and nothing else it cannot parse', () => {
		const env = { WATCHDOG: 'off', WATCHDOG_INTERVAL_SECONDS: '1', WATCHDOG_GRACE_SECONDS: '2', WATCHDOG_UNWATCHED_MINUTES: '0.05', DATA_DIR: '/d', DB_TIMEOUT_MS: 'not a number' };
		expect(parseWatchdogConfig(env)).toMatchObject({ enabled: false, intervalMs: 1_000, graceMs: 2_000, unwatchedMs: 3_000 });
		expect(() => parseConfig(env)).toThrow(/DB_TIMEOUT_MS/);
		expect(parseConfig({ ...env, DB_TIMEOUT_MS: '500' }).watchdog).toEqual(parseWatchdogConfig(env));
		expect(() => parseWatchdogConfig({ WATCHDOG_INTERVAL_SECONDS: '0' })).toThrow(/WATCHDOG_INTERVAL_SECONDS/);
	});
});
