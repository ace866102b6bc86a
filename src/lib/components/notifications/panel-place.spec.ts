import { describe, expect, it } from 'vitest';
import { placePanel } from './panel-place';

describe('placePanel', () => {
	it('hangs under the bell, right edges aligned, when there is room', () => {
		expect(placePanel({ bottom: 40, right: 1100 }, 1920)).toEqual({ top: 48, left: 652, width: 448 });
	});

	it('stays inside the window when the bell is near its left edge, and spans a phone', () => {
		expect(placePanel({ bottom: 40, right: 230 }, 900)).toEqual({ top: 48, left: 8, width: 448 });
		expect(placePanel({ bottom: 56, right: 280 }, 390)).toEqual({ top: 64, left: 8, width: 374 });
	});
});
