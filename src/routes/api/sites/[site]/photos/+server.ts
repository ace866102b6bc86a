import { error, json } from '@sveltejs/kit';
import { MAX_PHOTO_BYTES } from '$lib/domain/guard/phone-input';
import { readPhotoType, sniffPhotoType } from '$lib/domain/photo/image-type';
import { readRawBody } from '$lib/server/http/raw-body';
import { requirePhotoSender } from '$lib/server/photos/access';
import { storePhoto } from '$lib/server/photos/store';
import type { RequestHandler } from './$types';

/**
 * A photo for the site (a finding's, later a work order's): the raw bytes as the body, typed
 * `image/jpeg`, `image/png` or `image/webp`, and the bytes must be what the type says. Answers
 * `{hash}`: 201 stored, 200 the site had it already. 413 past MAX_PHOTO_BYTES, 415 for any
 * other type or bytes that are not the image they claim to be.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const user = requirePhotoSender(locals.user, params.site, locals.sessionId === null);
	const declared = readPhotoType(request.headers.get('content-type'));
	if (!declared) error(415, { message: 'send the photo as image/jpeg, image/png or image/webp', reason: 'unsupported_type' });
	const bytes = await readRawBody(request, MAX_PHOTO_BYTES);
	if (!bytes.length) error(400, { message: 'send the photo’s bytes as the body', reason: 'empty' });
	const sniffed = sniffPhotoType(bytes);
	if (sniffed !== declared) {
		error(415, { message: sniffed ? `the bytes are ${sniffed}, not ${declared}` : `the bytes are not ${declared}`, reason: 'type_mismatch' });
	}
	const { runtime } = locals;
	const stored = await storePhoto(runtime.sql, runtime.config.photoDir, { site: params.site, bytes, type: sniffed, userId: user.id, now: runtime.clock.now() });
	return json({ hash: stored.hash }, { status: stored.created ? 201 : 200 });
};
