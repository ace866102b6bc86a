import { describe, expect, it } from 'vitest';
import { chooseWallGrid } from './wall-grid';

// The area below the header and the bar on a 1920×1080 wall, and the smallest legible tile (22rem).
const WALL = [1890, 960] as const;
const MIN = 352;

describe('chooseWallGrid', () => {
	it('puts nine estates on a 1920×1080 wall in three columns and three rows', () => {
		expect(chooseWallGrid(9, ...WALL, MIN)).toEqual({ columns: 3, rows: 3 });
	});

	it('fills the wall for other counts without a row of stragglers', () => {
		expect(chooseWallGrid(1, ...WALL, MIN)).toEqual({ columns: 1, rows: 1 });
		expect(chooseWallGrid(2, ...WALL, MIN)).toEqual({ columns: 2, rows: 1 });
		expect(chooseWallGrid(4, ...WALL, MIN)).toEqual({ columns: 2, rows: 2 });
		expect(chooseWallGrid(6, ...WALL, MIN)).toEqual({ columns: 3, rows: 2 });
		expect(chooseWallGrid(12, ...WALL, MIN)).toEqual({ columns: 4, rows: 3 });
		expect(chooseWallGrid(16, ...WALL, MIN)).toEqual({ columns: 4, rows: 4 });
	});

	it('keeps the same shape on a 4K wall', () => {
		expect(chooseWallGrid(9, 3810, 2040, MIN)).toEqual({ columns: 3, rows: 3 });
	});

	it('never makes a tile narrower than the minimum: a phone gets one column', () => {
		expect(chooseWallGrid(9, 370, 700, MIN)).toEqual({ columns: 1, rows: 9 });
		expect(chooseWallGrid(9, 300, 700, MIN)).toEqual({ columns: 1, rows: 9 });
		expect(chooseWallGrid(20, 1340, 650, MIN).columns).toBeLessThanOrEqual(3);
	});

	it('gives an empty wall one cell', () => {
		expect(chooseWallGrid(0, ...WALL, MIN)).toEqual({ columns: 1, rows: 1 });
	});
});
