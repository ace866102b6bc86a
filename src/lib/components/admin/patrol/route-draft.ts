import type { LngLat } from '$lib/domain/site/model';
import type { RouteStop } from '$lib/domain/patrol/round-events';
import { legMinutesOf } from '$lib/domain/patrol/bundle-routes';

/**
 * The stops of a route being edited. Each leg defaults to the walk from the stop before (the
 * bundle import's rule, `legMinutesOf`) and follows when stops are added, removed or moved,
 * until the person types a leg of their own: that one is kept as typed. Pure.
 */

export interface DraftStop extends RouteStop {
	/** Typed by the person (or saved so): not recomputed when the stops around it change. */
	legEdited: boolean;
}

export type Positions = ReadonlyMap<string, LngLat>;

const defaultLegOf = (stops: readonly RouteStop[], n: number, at: Positions) =>
	n === 0 ? 0 : legMinutesOf(at.get(stops[n - 1].checkpoint), at.get(stops[n].checkpoint));

function refreshLegs(stops: readonly DraftStop[], at: Positions): DraftStop[] {
	return stops.map((s, n) => (s.legEdited ? s : { ...s, legMinutes: defaultLegOf(stops, n, at) }));
}

/** A saved route's stops as a draft: a leg that differs from its default counts as typed. */
export function draftOf(stops: readonly RouteStop[], at: Positions): DraftStop[] {
	return stops.map((s, n) => ({ ...s, legEdited: s.legMinutes !== defaultLegOf(stops, n, at) }));
}

/** The checkpoint added as the last stop; a checkpoint already on the route is not added twice. */
export function appendStop(stops: readonly DraftStop[], checkpoint: string, toleranceMinutes: number, at: Positions): DraftStop[] {
	if (stops.some((s) => s.checkpoint === checkpoint)) return [...stops];
	return refreshLegs([...stops, { checkpoint, legMinutes: 0, toleranceMinutes, legEdited: false }], at);
}

export function removeStop(stops: readonly DraftStop[], index: number, at: Positions): DraftStop[] {
	return refreshLegs(stops.filter((_, n) => n !== index), at);
}

/** The stop at `index` swapped with its neighbour `by` places away (−1 earlier, +1 later). */
export function moveStop(stops: readonly DraftStop[], index: number, by: -1 | 1, at: Positions): DraftStop[] {
	const to = index + by;
	if (index < 0 || index >= stops.length || to < 0 || to >= stops.length) return [...stops];
	const next = [...stops];
	[next[index], next[to]] = [next[to], next[index]];
	return refreshLegs(next, at);
}

/** A leg typed by the person; null (an emptied field) gives it back its default. */
export function setLeg(stops: readonly DraftStop[], index: number, minutes: number | null, at: Positions): DraftStop[] {
	const next = stops.map((s, n) => (n === index ? { ...s, legMinutes: minutes ?? 0, legEdited: minutes !== null } : s));
	return refreshLegs(next, at);
}

export function setTolerance(stops: readonly DraftStop[], index: number, minutes: number): DraftStop[] {
	return stops.map((s, n) => (n === index ? { ...s, toleranceMinutes: minutes } : s));
}
