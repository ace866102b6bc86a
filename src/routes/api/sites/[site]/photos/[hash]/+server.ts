import { error } from '@sveltejs/kit';
import { PHOTO_HASH } from '$lib/domain/guard/phone-input';
import { requirePhotoReader } from '$lib/server/photos/access';
import { findPhotoType, readPhotoFile } from '$lib/server/photos/store';
import type { RequestHandler } from './$types';

/**
 * One of the site's photos, by its hash. A hash names its bytes for ever, so the browser keeps
 * it (privately: it is behind a sign-in) and asks again only with `If-None-Match`. 404 when the
 * site holds no photo by that hash, whoever else may.
 */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	requirePhotoReader(locals.user, params.site);
	if (!PHOTO_HASH.test(params.hash)) error(404, 'no such photo');
	const { runtime } = locals;
	const type = await findPhotoType(runtime.sql, params.site, params.hash);
	if (!type) error(404, 'no such photo');
	const etag = `"${params.hash}"`;
	const cache = { etag, 'cache-control': 'private, max-age=31536000, immutable' };
	if (request.headers.get('if-none-match')?.split(',').some((t) => t.trim() === etag)) return new Response(null, { status: 304, headers: cache });
	const bytes = await readPhotoFile(runtime.config.photoDir, params.hash);
	if (!bytes) {
		runtime.log.error({ site: params.site, hash: params.hash, dir: runtime.config.photoDir }, 'a photo on record has no file in the photo folder');
		error(404, 'no such photo');
	}
	return new Response(new Uint8Array(bytes), { headers: { ...cache, 'content-type': type, 'content-length': String(bytes.length) } });
};
