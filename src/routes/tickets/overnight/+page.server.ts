import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readTicketDirectory } from '$lib/server/domain/ticket/directory';
import { readOvernightBoard } from '$lib/server/domain/ticket/overnight';
import { readTicketSite } from '$lib/server/domain/ticket/pages';
import type { PageServerLoad } from './$types';

const query = z.object({ site: z.string().regex(ID_PATTERN) });

/** The morning report of a site: tickets open at its last end of day and still open, with their age, holder and stage, as of now. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'name the site: ?site=');
	const { site } = parsed.data;
	requireSiteWatcher(locals.user, site);
	const { sql, clock } = locals.runtime;
	const now = clock.now();
	const [board, directory, names] = await Promise.all([readOvernightBoard(sql, site, now), readTicketDirectory(sql, site), readTicketSite(sql, site)]);
	if (!names) error(404, 'no such site');
	return { board, directory, site: names, now: now.toISOString() };
};
