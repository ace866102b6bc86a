import { describe, expect, it } from 'vitest';
import { fitWithin, MAX_PHOTO_EDGE } from './photo-size';

describe('fitWithin', () => {
	it('shrinks the longer side to 1600 px keeping the shape', () => {
		expect(fitWithin(4032, 3024)).toEqual({ width: 1600, height: 1200 });
		expect(fitWithin(3024, 4032)).toEqual({ width: 1200, height: 1600 });
		expect(fitWithin(10_000, 3)).toEqual({ width: MAX_PHOTO_EDGE, height: 1 });
	});

	it('never enlarges a small picture', () => {
		expect(fitWithin(640, 480)).toEqual({ width: 640, height: 480 });
	});

	it('refuses a picture without a size', () => {
		expect(() => fitWithin(0, 480)).toThrow(RangeError);
		expect(() => fitWithin(Number.NaN, 480)).toThrow(RangeError);
	});
});
