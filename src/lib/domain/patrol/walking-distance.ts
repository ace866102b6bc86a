import PathFinder from 'geojson-path-finder';
import { lineIntersect } from '@turf/line-intersect';
import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import type { Feature, FeatureCollection, LineString, Point } from 'geojson';
import { listFeatures, type LngLat, type SitePlan } from '../site/model';
import { metresBetween } from './bundle-routes';

/**
 * How far apart two places of a site are on foot: along the plan's `road` features (its paths),
 * each end joined to the nearest point of a path in a straight line. Pure; the network is built
 * once per plan object.
 *
 * The graph search is geojson-path-finder's (Dijkstra over a compacted graph). It only routes
 * between vertices, and joins lines only where they share a vertex, so the network handed to
 * it is first noded here: paths that cross or meet in a T get a shared vertex there, and every
 * point of the plan (checkpoints, alarm points, gates) gets its snap onto the nearest path
 * inserted as a vertex. Questions are always about plan points, so their snaps are known ahead.
 */

/** Positions closer than this (degrees, about 1 m) are one vertex of the network. */
const TOLERANCE_DEG = 1e-5;

export interface Distance {
	metres: number;
	/** Along the paths; false when measured in a straight line (no paths, or none connect the two). */
	walked: boolean;
}

interface Snap {
	at: LngLat;
	/** The straight part, from the point to its snap on a path. */
	offMetres: number;
}

interface WalkingNetwork {
	finder: PathFinder<unknown, null>;
	/** Each plan point's snap, by `keyOf` its own position. */
	snaps: Map<string, Snap>;
}

const networks = new WeakMap<SitePlan, WalkingNetwork | null>();

const keyOf = ([lng, lat]: LngLat) => `${lng},${lat}`;
/** The vertex a position falls on, rounded as geojson-path-finder rounds it. */
const vertexOf = ([lng, lat]: LngLat) => `${Math.round(lng / TOLERANCE_DEG)},${Math.round(lat / TOLERANCE_DEG)}`;
const lineOf = (coordinates: LngLat[]): Feature<LineString, null> => ({ type: 'Feature', geometry: { type: 'LineString', coordinates }, properties: null });
const pointOf = (coordinates: LngLat): Feature<Point, null> => ({ type: 'Feature', geometry: { type: 'Point', coordinates }, properties: null });

/**
 * The distance from `from` to `to`: walked along the plan's paths when both are points of the
 * plan and a path joins them (the straight legs onto and off the paths included), else straight.
 */
export function measureDistance(plan: SitePlan, from: LngLat, to: LngLat): Distance {
	const straight = { metres: metresBetween(from, to), walked: false };
	const network = walkingNetworkOf(plan);
	const a = network?.snaps.get(keyOf(from));
	const b = network?.snaps.get(keyOf(to));
	if (!network || !a || !b) return straight;
	const along = vertexOf(a.at) === vertexOf(b.at) ? 0 : network.finder.findPath(pointOf(a.at), pointOf(b.at))?.weight;
	return along === undefined ? straight : { metres: a.offMetres + along + b.offMetres, walked: true };
}

/** The plan's noded network, built on first use and kept as long as the plan object lives. */
function walkingNetworkOf(plan: SitePlan): WalkingNetwork | null {
	if (!networks.has(plan)) networks.set(plan, buildWalkingNetwork(plan));
	return networks.get(plan) ?? null;
}

/** A vertex to add to a road: on segment `segment`, `along` metres from the segment's start. */
interface Insertion {
	segment: number;
	along: number;
	at: LngLat;
}

function buildWalkingNetwork(plan: SitePlan): WalkingNetwork | null {
	const roads = listFeatures({ plan }, 'road')
		.map((f) => f.geometry.coordinates)
		.filter((c) => c.length >= 2);
	if (roads.length === 0) return null;
	const insertions: Insertion[][] = roads.map(() => []);
	const insert = (road: number, at: LngLat) => {
		const near = nearestPointOnLine(lineOf(roads[road]), at, { units: 'meters' }).properties;
		insertions[road].push({ segment: near.segmentIndex, along: near.segmentDistance, at });
	};

	// Where two paths cross or one ends on another, a walker can turn.
	for (let i = 0; i < roads.length; i++)
		for (let j = i + 1; j < roads.length; j++)
			for (const crossing of lineIntersect(lineOf(roads[i]), lineOf(roads[j])).features) {
				const at = crossing.geometry.coordinates as LngLat;
				insert(i, at);
				insert(j, at);
			}

	const multi = { type: 'MultiLineString' as const, coordinates: roads };
	const snaps = new Map<string, Snap>();
	for (const f of plan.features) {
		if (f.geometry.type !== 'Point' || snaps.has(keyOf(f.geometry.coordinates))) continue;
		const near = nearestPointOnLine(multi, f.geometry.coordinates, { units: 'meters' });
		const at = near.geometry.coordinates as LngLat;
		snaps.set(keyOf(f.geometry.coordinates), { at, offMetres: metresBetween(f.geometry.coordinates, at) });
		insertions[near.properties.lineStringIndex].push({ segment: near.properties.segmentIndex, along: near.properties.segmentDistance, at });
	}

	const network: FeatureCollection<LineString, null> = {
		type: 'FeatureCollection',
		features: roads.map((road, n) => lineOf(nodeRoad(road, insertions[n])))
	};
	const finder = new PathFinder<unknown, null>(network, { tolerance: TOLERANCE_DEG, weight: (a, b) => metresBetween(a as LngLat, b as LngLat) });
	return { finder, snaps };
}

/** A road's positions with the insertions in walking order, without repeating a vertex. */
function nodeRoad(road: LngLat[], insertions: Insertion[]): LngLat[] {
	const out: LngLat[] = [];
	const push = (at: LngLat) => {
		if (out.length === 0 || vertexOf(out[out.length - 1]) !== vertexOf(at)) out.push(at);
	};
	road.forEach((position, n) => {
		push(position);
		for (const i of insertions.filter((i) => i.segment === n).sort((x, y) => x.along - y.along)) push(i.at);
	});
	return out;
}
