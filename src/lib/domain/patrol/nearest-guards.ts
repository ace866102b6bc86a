import { COMM_FAULT_POINT, type Incident } from '../incident/model';
import { listFeatures, type LngLat, type SitePlan } from '../site/model';
import type { GuardPosition } from './guard-positions';
import type { Round } from './round';
import type { RoundRow } from './rounds';
import { measureDistance } from './walking-distance';

/**
 * Which guards could reach an incident first: those on duty, nearest first by walking distance
 * from where each was last seen. Pure, no I/O.
 */

/** A guard with no round in progress is still on duty this long after their last scan (inclusive). */
export const ON_DUTY_SCAN_WITHIN_MS = 30 * 60_000;
/** The console lists this many. */
export const NEAREST_GUARDS_SHOWN = 5;

export interface OnDutyGuard {
	guard: string;
	/** Their last scan, if any (a round may be claimed before its guard's first scan). */
	seen: GuardPosition | null;
	round: Round | null;
}

export interface NearGuard extends OnDutyGuard {
	/** Null when the guard's or the incident's place is not on the plan. */
	metres: number | null;
	/** Along the site's paths; false for a straight line. */
	walked: boolean;
}

export interface NearestGuards {
	/** False when the incident has no place on the plan: the guards are then by last seen, newest first. */
	placed: boolean;
	guards: NearGuard[];
}

/**
 * What an incident tells about its place: its alarm point (`point` on `device`), or for a patrol
 * incident (`point` is the round) the checkpoints the guard missed and the guard.
 */
export type IncidentWhere = Pick<Incident, 'device' | 'point'> & {
	patrol?: { guard?: string | null; missed?: readonly string[] } | null;
};

/** The rounds among a `rounds` projection's rows (it holds flagged scans too). */
export function listRounds(rows: readonly { id: string }[]): Round[] {
	return (rows as readonly RoundRow[]).filter((r): r is Round => r.kind === 'round');
}

/** Guards on duty at `now`: with a round in progress, or a scan within ON_DUTY_SCAN_WITHIN_MS. */
export function listOnDutyGuards(positions: readonly GuardPosition[], rounds: readonly Round[], now: number): OnDutyGuard[] {
	const roundOf = new Map<string, Round>();
	for (const r of rounds) if (r.kind === 'round' && r.status === 'in_progress' && r.guard) roundOf.set(r.guard, r);
	const seenOf = new Map(positions.map((p) => [p.id, p]));
	const ids = new Set([...roundOf.keys(), ...positions.filter((p) => now - Date.parse(p.at) <= ON_DUTY_SCAN_WITHIN_MS).map((p) => p.id)]);
	return [...ids].map((guard) => ({ guard, seen: seenOf.get(guard) ?? null, round: roundOf.get(guard) ?? null }));
}

/**
 * Where an incident is on the plan, possibly several places (a device's points) or none:
 * its alarm point; for a patrol incident the first missed checkpoint, else where its guard was
 * last seen (from `patrol`, or from its round when the incident carries none); for a
 * communication fault every alarm point of the device; for a panic press its checkpoint.
 */
export function listIncidentPlaces(plan: SitePlan, incident: IncidentWhere, positions: readonly GuardPosition[], rounds: readonly Round[]): LngLat[] {
	const alarmPoints = listFeatures({ plan }, 'alarm_point').filter((f) => f.properties.device === incident.device);
	if (incident.patrol) return patrolPlaces(plan, incident.patrol, positions);
	const point = alarmPoints.find((f) => f.properties.id === incident.point);
	if (point) return [point.geometry.coordinates];
	if (incident.point === COMM_FAULT_POINT) return alarmPoints.map((f) => f.geometry.coordinates);
	// A guard's panic press is raised at a checkpoint (the guard's last).
	const checkpoint = positionOfCheckpoint(plan, incident.point);
	if (checkpoint) return [checkpoint];
	const round = rounds.find((r) => r.kind === 'round' && r.id === incident.point);
	if (!round) return [];
	const missed = round.checkpoints.filter((c) => c.state === 'missed').map((c) => c.checkpoint);
	return patrolPlaces(plan, { guard: round.guard, missed }, positions);
}

function patrolPlaces(plan: SitePlan, patrol: NonNullable<IncidentWhere['patrol']>, positions: readonly GuardPosition[]): LngLat[] {
	const first = patrol.missed?.[0];
	const checkpoint = first === undefined ? undefined : positionOfCheckpoint(plan, first);
	if (checkpoint) return [checkpoint];
	const seen = positions.find((p) => p.id === patrol.guard);
	const last = seen && positionOfCheckpoint(plan, seen.checkpoint);
	return last ? [last] : [];
}

function positionOfCheckpoint(plan: SitePlan, id: string): LngLat | undefined {
	return listFeatures({ plan }, 'checkpoint').find((f) => f.properties.id === id)?.geometry.coordinates;
}

/**
 * The on-duty guards nearest an incident, at most `limit`: by the distance from their last
 * scan's checkpoint to the nearest of the incident's places (walked where the paths allow),
 * those without a known distance last. Without a place, by last seen, newest first.
 */
export function listNearestGuards(
	plan: SitePlan,
	incident: IncidentWhere,
	positions: readonly GuardPosition[],
	rounds: readonly Round[],
	now: number,
	limit = NEAREST_GUARDS_SHOWN
): NearestGuards {
	const places = listIncidentPlaces(plan, incident, positions, rounds);
	const checkpoints = new Map(listFeatures({ plan }, 'checkpoint').map((f) => [f.properties.id, f.geometry.coordinates]));
	const guards = listOnDutyGuards(positions, rounds, now).map((g): NearGuard => {
		const from = g.seen ? checkpoints.get(g.seen.checkpoint) : undefined;
		const distances = from ? places.map((to) => measureDistance(plan, from, to)) : [];
		const best = distances.reduce<(typeof distances)[number] | null>((a, d) => (a && a.metres <= d.metres ? a : d), null);
		return { ...g, metres: best?.metres ?? null, walked: best?.walked ?? false };
	});
	const seenAt = (g: NearGuard) => (g.seen ? Date.parse(g.seen.at) : -Infinity);
	const order = places.length
		? (a: NearGuard, b: NearGuard) => (a.metres ?? Infinity) - (b.metres ?? Infinity) || seenAt(b) - seenAt(a)
		: (a: NearGuard, b: NearGuard) => seenAt(b) - seenAt(a);
	return { placed: places.length > 0, guards: guards.sort(order).slice(0, limit) };
}
