/**
 * Where the open notification centre goes: under the bell, its right edge at the bell's, but
 * never past either side of the window (the bell may sit anywhere in a header that wraps).
 */

export interface PanelPlace {
	top: number;
	left: number;
	width: number;
}

/** The widest the centre gets, px (28rem). */
export const PANEL_WIDTH_MAX = 448;
/** Space kept from the window's edges and below the bell, px. */
const MARGIN = 8;

export function placePanel(bell: { bottom: number; right: number }, windowWidth: number): PanelPlace {
	const width = Math.max(0, Math.min(PANEL_WIDTH_MAX, windowWidth - 2 * MARGIN));
	const left = Math.min(Math.max(MARGIN, bell.right - width), windowWidth - MARGIN - width);
	return { top: Math.round(bell.bottom + MARGIN), left: Math.round(left), width: Math.round(width) };
}
