import { json } from '@sveltejs/kit';
import { listChildPlaces } from '$lib/server/domain/site/places';
import type { RequestHandler } from './$types';

/**
 * The places under `?parent=` (a building's units, a unit's floors, a floor's rooms), or the
 * buildings without it: how a form walks the site's tree without loading all of it.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const parent = url.searchParams.get('parent');
	const places = await listChildPlaces(locals.runtime.sql, params.site, parent && parent.length <= 64 ? parent : null);
	return json({ places }, { headers: { 'cache-control': 'no-store' } });
};
