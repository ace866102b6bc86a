/**
 * WGS-84 ↔ GCJ-02, the obfuscated datum that Chinese map tiles (AutoNavi, Tencent) are drawn
 * in. Our data is WGS-84; drawn on such tiles unshifted, it lands a few hundred metres off.
 * The forward transform is the published one (as in eviltransform); positions are `[lng, lat]`.
 */
import type { LngLat } from './site/model';

const A = 6378245.0; // Krasovsky 1940 semi-major axis, as the transform defines it
const EE = 0.00669342162296594323; // its first eccentricity squared

/**
 * Whether a position is outside the rough box where GCJ-02 applies. Outside it both
 * transforms return the position unchanged (as every public implementation does).
 */
export function outOfChina([lng, lat]: LngLat): boolean {
	return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function shiftLat(x: number, y: number): number {
	let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
	r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
	r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
	r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
	return r;
}

function shiftLng(x: number, y: number): number {
	let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
	r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
	r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
	r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
	return r;
}

/** GCJ-02 of a WGS-84 position; unchanged outside China. Deterministic, no I/O. */
export function wgs84ToGcj02(position: LngLat): LngLat {
	if (outOfChina(position)) return position;
	const [lng, lat] = position;
	const radLat = (lat / 180) * Math.PI;
	const magic = 1 - EE * Math.sin(radLat) ** 2;
	const sqrtMagic = Math.sqrt(magic);
	const dLat = (shiftLat(lng - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
	const dLng = (shiftLng(lng - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
	return [lng + dLng, lat + dLat];
}

/** Stop when a step moves less than this (degrees, about a centimetre). */
const INVERSE_TOLERANCE = 1e-7;
const INVERSE_MAX_STEPS = 30;

/**
 * WGS-84 of a GCJ-02 position, by fixed-point iteration on the forward transform (it has no
 * closed inverse). The shift varies slowly, so each step cuts the error by orders of
 * magnitude: a few steps bring it well under 0.5 m. Unchanged outside China.
 */
export function gcj02ToWgs84(position: LngLat): LngLat {
	if (outOfChina(position)) return position;
	let [lng, lat] = position;
	for (let i = 0; i < INVERSE_MAX_STEPS; i++) {
		const [gLng, gLat] = wgs84ToGcj02([lng, lat]);
		const dLng = gLng - position[0];
		const dLat = gLat - position[1];
		lng -= dLng;
		lat -= dLat;
		if (Math.abs(dLng) < INVERSE_TOLERANCE && Math.abs(dLat) < INVERSE_TOLERANCE) break;
	}
	return [lng, lat];
}
