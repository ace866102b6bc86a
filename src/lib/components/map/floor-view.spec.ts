import { describe, expect, it } from 'vitest';
import { getFloorLabel, isOnOtherFloor } from './floor-view';

describe('getFloorLabel', () => {
	it('names underground floors B1, B2 and the others 1F, 2F', () => {
		expect([-2, -1, 1, 2].map(getFloorLabel)).toEqual(['B2', 'B1', '1F', '2F']);
	});
});

describe('isOnOtherFloor', () => {
	const view = { building: 'B01', floor: 2 };
	it('is true only for another floor of the shown building', () => {
		expect(isOnOtherFloor({ building: 'B01', floor: 1 }, view)).toBe(true);
		expect(isOnOtherFloor({ building: 'B01', floor: 2 }, view)).toBe(false);
		expect(isOnOtherFloor({ building: 'B02', floor: 1 }, view)).toBe(false);
		expect(isOnOtherFloor({ building: 'B01' }, view)).toBe(false);
		expect(isOnOtherFloor({ building: 'B01', floor: 1 }, undefined)).toBe(false);
	});
});
