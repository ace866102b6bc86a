import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readTicketDirectory } from '$lib/server/domain/ticket/directory';
import type { RequestHandler } from './$types';

const query = z.object({ site: z.string().regex(ID_PATTERN) });

/** Who is who at a site for its work orders: departments, stewards, people's names, end of day (the console's tickets panel). */
export const GET: RequestHandler = async ({ url, locals }) => {
	const { site } = query.parse(Object.fromEntries(url.searchParams));
	requireSiteWatcher(locals.user, site);
	return json(await readTicketDirectory(locals.runtime.sql, site), { headers: { 'cache-control': 'no-store' } });
};
