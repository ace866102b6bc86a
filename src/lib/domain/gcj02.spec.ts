import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, outOfChina, wgs84ToGcj02 } from './gcj02';
import type { LngLat } from './site/model';

/** Metres between two nearby positions (equirectangular: exact enough over a kilometre). */
function metresBetween([lng1, lat1]: LngLat, [lng2, lat2]: LngLat): number {
	const R = 6_371_008.8;
	const x = ((lng2 - lng1) * Math.PI) / 180 * Math.cos((((lat1 + lat2) / 2) * Math.PI) / 180);
	const y = ((lat2 - lat1) * Math.PI) / 180;
	return Math.hypot(x, y) * R;
}

// The published reference vectors of eviltransform (wgs → gcj), as [lng, lat].
const REFERENCE: { city: string; wgs: LngLat; gcj: LngLat }[] = [
	{ city: 'Shanghai', wgs: [121.5272106, 31.1774276], gcj: [121.531541859215, 31.17530398364597] },
	{ city: 'Shenzhen', wgs: [113.912316, 22.543847], gcj: [113.9171764808363, 22.540796131694766] },
	{ city: 'Beijing', wgs: [116.377817, 39.911954], gcj: [116.38404722455657, 39.91334545536069] }
];

describe('wgs84ToGcj02', () => {
	it.each(REFERENCE)('matches the reference value in $city', ({ wgs, gcj }) => {
		const [lng, lat] = wgs84ToGcj02(wgs);
		expect(lng).toBeCloseTo(gcj[0], 9);
		expect(lat).toBeCloseTo(gcj[1], 9);
	});

	it('shifts by hundreds of metres inside China (the reason it exists)', () => {
		const hangzhou: LngLat = [120.1536, 30.2875];
		const d = metresBetween(hangzhou, wgs84ToGcj02(hangzhou));
		expect(d).toBeGreaterThan(300);
		expect(d).toBeLessThan(700);
	});
});

describe('gcj02ToWgs84', () => {
	it.each(REFERENCE)('inverts the reference value in $city to within 0.5 m', ({ wgs, gcj }) => {
		expect(metresBetween(gcj02ToWgs84(gcj), wgs)).toBeLessThan(0.5);
	});

	it('round-trips points across China to within 0.5 m', () => {
		for (const p of [[120.1536, 30.2875], [116.391226, 39.907333], [87.6168, 43.8256], [126.6424, 45.7567], [110.3312, 20.0311]] as LngLat[]) {
			expect(metresBetween(gcj02ToWgs84(wgs84ToGcj02(p)), p)).toBeLessThan(0.5);
		}
	});
});

describe('outOfChina', () => {
	it.each([
		{ place: 'London', p: [-0.1276, 51.5072] as LngLat },
		{ place: 'Denver', p: [-104.9903, 39.7392] as LngLat },
		{ place: 'Brisbane', p: [153.0251, -27.4698] as LngLat }
	])('leaves $place unchanged both ways', ({ p }) => {
		expect(outOfChina(p)).toBe(true);
		expect(wgs84ToGcj02(p)).toEqual(p);
		expect(gcj02ToWgs84(p)).toEqual(p);
	});

	it('counts Hangzhou as inside', () => {
		expect(outOfChina([120.1536, 30.2875])).toBe(false);
	});
});
