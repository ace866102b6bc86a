import { describe, expect, it } from 'vitest';
import type { LngLat } from '$lib/domain/site/model';
import { appendStop, draftOf, moveStop, removeStop, setLeg, type DraftStop } from './route-draft';

// Three checkpoints on a line, about 111 m apart (0.001° of latitude): 2 min walk + 1 min scan each.
const at = new Map<string, LngLat>([
	['A', [120, 30]],
	['B', [120, 30.001]],
	['C', [120, 30.002]]
]);
const legs = (stops: { legMinutes: number }[]) => stops.map((s) => s.legMinutes);
const order = (stops: { checkpoint: string }[]) => stops.map((s) => s.checkpoint);

describe('route draft', () => {
	it('appends stops with legs from the walk, the first at 0, never the same checkpoint twice', () => {
		let stops = appendStop([], 'A', 5, at);
		stops = appendStop(stops, 'C', 5, at);
		stops = appendStop(stops, 'B', 5, at);
		stops = appendStop(stops, 'A', 5, at);
		expect(order(stops)).toEqual(['A', 'C', 'B']);
		expect(legs(stops)).toEqual([0, 5, 3]);
	});

	it('recomputes the default legs when stops move or go, and keeps a typed one', () => {
		let stops = ['A', 'C', 'B'].reduce<DraftStop[]>((s, c) => appendStop(s, c, 5, at), []);
		stops = setLeg(stops, 1, 12, at);
		stops = moveStop(stops, 2, -1, at);
		expect(order(stops)).toEqual(['A', 'B', 'C']);
		expect(legs(stops)).toEqual([0, 3, 12]);
		stops = removeStop(stops, 0, at);
		expect(legs(stops)).toEqual([0, 12]);
		stops = setLeg(stops, 1, null, at);
		expect(legs(stops)).toEqual([0, 3]);
	});

	it('reads a saved route: legs that differ from their default count as typed', () => {
		const stops = draftOf(
			[
				{ checkpoint: 'A', legMinutes: 0, toleranceMinutes: 5 },
				{ checkpoint: 'B', legMinutes: 3, toleranceMinutes: 5 },
				{ checkpoint: 'C', legMinutes: 10, toleranceMinutes: 5 }
			],
			at
		);
		expect(stops.map((s) => s.legEdited)).toEqual([false, false, true]);
		expect(order(moveStop(stops, 0, -1, at))).toEqual(['A', 'B', 'C']);
	});
});
