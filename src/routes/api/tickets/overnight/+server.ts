import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readOvernightBoard } from '$lib/server/domain/ticket/overnight';
import type { RequestHandler } from './$types';

const query = z.object({ site: z.string().regex(ID_PATTERN) });

/** The overnight board of a site: tickets open at its last end of day and still open, oldest first, with their age and holder. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const { site } = query.parse(Object.fromEntries(url.searchParams));
	requireSiteWatcher(locals.user, site);
	const { sql, clock } = locals.runtime;
	return json(await readOvernightBoard(sql, site, clock.now()), { headers: { 'cache-control': 'no-store' } });
};
