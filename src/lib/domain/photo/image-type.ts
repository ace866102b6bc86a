/**
 * The image types the product keeps as photos, told by their bytes: a `Content-Type` is only
 * what the sender claims, and a photo is shown to other people, so the first bytes must say
 * the same. Pure; the browser may ask it before sending.
 */

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** The type the bytes are by their magic numbers (JPEG's SOI marker, PNG's signature, WebP's RIFF header), or null. */
export function sniffPhotoType(bytes: Uint8Array): PhotoType | null {
	if (bytes.length >= 3 && startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
	if (bytes.length >= PNG.length && startsWith(bytes, PNG)) return 'image/png';
	if (bytes.length >= 12 && startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
	return null;
}

/** A `Content-Type` header's type if it is one of ours (parameters and case ignored), else null. */
export function readPhotoType(header: string | null): PhotoType | null {
	const essence = header?.split(';')[0].trim().toLowerCase() ?? '';
	return (PHOTO_TYPES as readonly string[]).includes(essence) ? (essence as PhotoType) : null;
}
