import type { CircleMarkerOptions, PathOptions } from 'leaflet';
import type { PlanFeatureKind } from '$lib/domain/site/model';

/**
 * The plan is backdrop: muted greys on the console's dark ground, so that only incidents
 * carry colour. Severity colours live in `incident-marker.css`.
 */

type PlanShapeKind = Extract<PlanFeatureKind, 'boundary' | 'zone' | 'garage' | 'road' | 'building'>;

/** Drawing order, bottom first: garages are underground, so towers are drawn over them. */
export const PLAN_SHAPE_KINDS: readonly PlanShapeKind[] = ['boundary', 'zone', 'garage', 'road', 'building'];

export const PLAN_STYLES: Record<PlanShapeKind, PathOptions> = {
	boundary: { color: '#607d8b', weight: 2, dashArray: '8 6', fill: true, fillColor: '#121e28', fillOpacity: 1 },
	zone: { color: '#2f4538', weight: 1, fillColor: '#17261e', fillOpacity: 0.8 },
	garage: { color: '#3d4f5c', weight: 1, dashArray: '4 4', fillColor: '#16222c', fillOpacity: 0.6 },
	road: { color: '#25333f', weight: 7, lineCap: 'round', lineJoin: 'round' },
	building: { color: '#4f6372', weight: 1, fillColor: '#223240', fillOpacity: 1 }
};

export const GATE_STYLE: CircleMarkerOptions = {
	radius: 5,
	color: '#90a4ae',
	weight: 2,
	fillColor: '#0f1720',
	fillOpacity: 1
};

export const ALARM_POINT_STYLE: CircleMarkerOptions = {
	radius: 3,
	color: '#78909c',
	weight: 1,
	fillColor: '#546e7a',
	fillOpacity: 0.9
};

/** Below this zoom the building labels would overlap each other and the incident markers. */
export const LABEL_MIN_ZOOM = 18;

/** Close enough to tell which tower face and which alarm point, still showing the neighbours. */
export const FOLLOW_ZOOM = 19;

export const MAX_ZOOM = 21;

/** Most tile servers stop at 18: closer in, their last tiles are scaled up rather than asked for. */
export const TILE_MAX_NATIVE_ZOOM = 18;

/** Incident markers closer than this many pixels form a cluster: about two markers' widths. */
export const CLUSTER_RADIUS = 36;
