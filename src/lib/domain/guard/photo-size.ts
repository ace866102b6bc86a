/**
 * How a finding's photo is shrunk on the phone before it is sent: its longer side to at most
 * 1600 px (enough to read a meter or a crack, a few hundred kB as JPEG), then the JPEG quality
 * stepped down until it fits the server's limit. Pure: the canvas work is the component's.
 */

export const MAX_PHOTO_EDGE = 1600;

/** JPEG qualities tried in turn, best first. */
export const JPEG_QUALITIES = [0.85, 0.75, 0.65, 0.5, 0.4] as const;

/** The size to draw a `width`×`height` picture at so its longer side is at most `max`, in whole pixels, never enlarged. */
export function fitWithin(width: number, height: number, max = MAX_PHOTO_EDGE): { width: number; height: number } {
	if (!(width > 0) || !(height > 0)) throw new RangeError('a picture has a positive width and height');
	const scale = Math.min(1, max / Math.max(width, height));
	return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
