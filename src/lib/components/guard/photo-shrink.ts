import { MAX_PHOTO_BYTES } from '$lib/domain/guard/phone-input';
import { fitWithin, JPEG_QUALITIES } from '$lib/domain/guard/photo-size';

/**
 * A camera photo made small enough to send from a basement: drawn on a canvas at most 1600 px
 * on its longer side, as JPEG, at the best quality that fits MAX_PHOTO_BYTES (then smaller).
 * Throws `RangeError` when even the smallest try does not fit, or the file is not a picture.
 */
export async function shrinkPhoto(file: Blob): Promise<Blob> {
	const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
	try {
		const size = fitWithin(bitmap.width, bitmap.height);
		for (const scale of [1, 0.7, 0.5]) {
			const canvas = document.createElement('canvas');
			canvas.width = Math.max(1, Math.round(size.width * scale));
			canvas.height = Math.max(1, Math.round(size.height * scale));
			canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
			for (const quality of JPEG_QUALITIES) {
				const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
				if (blob && blob.size <= MAX_PHOTO_BYTES) return blob;
			}
		}
	} finally {
		bitmap.close();
	}
	throw new RangeError('the photo does not fit the size limit');
}
