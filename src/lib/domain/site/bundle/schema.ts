import { z } from 'zod';
import { m } from '$lib/paraglide/messages.js';
import { ID_PATTERN } from '../../device/message';
import { ALARM_TYPES, DEVICE_KINDS, LOCALES, type Locale } from '../model';
import { BUNDLE_FORMAT } from './bundle';
import { ROUTE_MODES } from '../../patrol/round-events';

/**
 * The schemas of a bundle's two files, worded in the reader's language. Only shapes and ranges
 * live here; what refers to what (a point's device, a route's checkpoints) is checked after,
 * in site-bundle-check.ts, once both files have parsed.
 */

/** Alarm points and other features: the MQTT point pattern. Checkpoints: the scan's id pattern. */
export const FEATURE_ID_PATTERN = /^[A-Za-z0-9_./:-]{1,128}$/;

export function buildBundleSchemas(locale: Locale) {
	const opts = { locale };
	const id = z.string().regex(ID_PATTERN, m.bundle_id_pattern({ pattern: '[A-Za-z0-9_-]{1,64}' }, opts));
	const featureId = z.string().regex(FEATURE_ID_PATTERN, m.bundle_id_pattern({ pattern: '[A-Za-z0-9_./:-]{1,128}' }, opts));
	const label = z
		.string()
		.trim()
		.min(1)
		.max(200)
		.refine((s) => !s.includes('\u0000'), m.bundle_no_nul({}, opts));
	const localizedName = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, label])) as Record<Locale, typeof label>);
	const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
	const floor = z
		.number()
		.int()
		.min(-20)
		.max(200)
		.refine((f) => f !== 0, m.bundle_floor_zero({}, opts));

	const point = z.strictObject({ type: z.literal('Point'), coordinates: lngLat });
	// Opened in a new tab from the console: only a web address, never javascript: or data:.
	const cameraUrl = z
		.string()
		.max(500)
		.refine((s) => /^https?:\/\/[^\s]+$/i.test(s), m.bundle_camera_url({}, opts));
	const lineString = z.strictObject({ type: z.literal('LineString'), coordinates: z.array(lngLat).min(2) });
	const ring = z
		.array(lngLat)
		.min(4, m.bundle_ring_short({}, opts))
		.refine((r) => r.length < 4 || (r[0][0] === r[r.length - 1][0] && r[0][1] === r[r.length - 1][1]), m.bundle_ring_open({}, opts));
	const polygon = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });

	const feature = <G extends z.ZodType, P extends z.ZodRawShape>(kind: string, geometry: G, properties: P) =>
		z.strictObject({
			type: z.literal('Feature'),
			geometry,
			properties: z.strictObject({ kind: z.literal(kind), id: kind === 'checkpoint' || kind === 'patrol_route' ? id : featureId, name: localizedName, ...properties })
		});
	const localTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, m.bundle_local_time({}, opts));
	const place = { building: featureId.optional(), floor: floor.optional() };

	/** One schema per feature kind: a feature is checked against its own kind's, so errors name the right fields. */
	const featureByKind = {
		boundary: feature('boundary', polygon, {}),
		building: feature('building', polygon, { floors: z.number().int().min(1).max(200), units: z.number().int().min(1).max(50) }),
		gate: feature('gate', point, { vehicles: z.boolean().optional() }),
		garage: feature('garage', polygon, { levels: z.number().int().min(1).max(20) }),
		road: feature('road', lineString, {}),
		zone: feature('zone', polygon, {}),
		checkpoint: feature('checkpoint', point, place),
		alarm_point: feature('alarm_point', point, { device: id, type: z.enum(ALARM_TYPES), zone: label.max(64), camera: cameraUrl.optional(), ...place }),
		patrol_route: feature('patrol_route', lineString, {
			checkpoints: z.array(id).min(1).max(500),
			intervalMinutes: z.number().int().min(5).max(1440),
			device: id.optional(),
			mode: z.enum(ROUTE_MODES).optional(),
			from: localTime.optional(),
			to: localTime.optional(),
			toleranceMinutes: z.number().int().min(0).max(240).optional(),
			silenceMinutes: z.number().int().min(1).max(1440).optional()
		})
	} as const;

	const planFile = z.strictObject({
		type: z.literal('FeatureCollection'),
		// Each feature is checked on its own (below), so one bad feature does not hide the others'.
		features: z.array(z.unknown()).max(20_000)
	});

	const timeZone = z.string().refine(isTimeZone, m.bundle_time_zone({}, opts));
	const image = z
		.string()
		.max(5_000_000)
		.refine((s) => /^\/(?!\/)[^\s]*$/.test(s) || /^data:image\/(png|jpeg|webp|svg\+xml)(;base64)?,/.test(s), m.bundle_image({}, opts));
	const unit = z.strictObject({
		id,
		floors: z.tuple([floor, floor]).refine(([lo, hi]) => lo <= hi, m.bundle_floors_order({}, opts)),
		roomsPerFloor: z.number().int().min(0).max(99)
	});
	const siteFile = z.strictObject({
		format: z.literal(BUNDLE_FORMAT),
		site: z.strictObject({ id, name: localizedName, address: localizedName, timeZone, center: lngLat }),
		devices: z.array(z.strictObject({ id, kind: z.enum(DEVICE_KINDS), name: localizedName })).max(10_000),
		guards: z.array(z.strictObject({ id, name: localizedName })).max(10_000),
		places: z.array(z.strictObject({ building: featureId, units: z.array(unit).min(1).max(50) })).max(1_000).default([]),
		floorPlans: z
			.array(
				z.strictObject({
					building: featureId,
					floor,
					image,
					bounds: z.tuple([lngLat, lngLat]).refine(([sw, ne]) => sw[0] < ne[0] && sw[1] < ne[1], m.bundle_bounds_order({}, opts))
				})
			)
			.max(2_000)
			.default([])
	});
	return { siteFile, planFile, featureByKind };
}

export type BundleSchemas = ReturnType<typeof buildBundleSchemas>;

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return zone.length > 0;
	} catch {
		return false;
	}
}
