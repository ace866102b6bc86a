import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { canWatchSite } from '$lib/domain/access';
import { TICKET_CATEGORIES } from '$lib/domain/ticket/model';
import { listSites } from '$lib/server/domain/site/queries';
import { readTicketDirectory } from '$lib/server/domain/ticket/directory';
import { readTicketSite } from '$lib/server/domain/ticket/pages';
import { searchTickets } from '$lib/server/domain/ticket/queries';
import type { PageServerLoad } from './$types';

// A filter a link or an old bookmark spells wrongly is dropped, not refused.
const query = z.object({
	site: z.string().max(64).optional().catch(undefined),
	status: z.enum(['open', 'closed', 'all']).catch('open').default('open'),
	category: z.enum(TICKET_CATEGORIES).optional().catch(undefined),
	department: z.string().min(1).max(32).optional().catch(undefined),
	assignee: z.string().min(1).max(64).optional().catch(undefined)
});

/**
 * The service desk's board of one site (the first of the user's unless `?site=`): its tickets
 * as filtered (open by default), who is who there, its buildings' names for the intake form's
 * place picker, and its live snapshot so the board follows the log and counts down.
 */
export const load: PageServerLoad = async ({ url, locals }) => {
	const user = locals.user!;
	const { sql } = locals.runtime;
	const filter = query.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== '')));
	const sites = (await listSites(sql)).filter((s) => canWatchSite(user, s.id)).map((s) => ({ id: s.id, name: s.name }));
	const site = filter.site ?? sites[0]?.id;
	if (!site) return { sites, site: null, filter, tickets: [], directory: null, names: null, live: { forbidden: true, sites: [] } };
	if (!sites.some((s) => s.id === site)) error(403, 'no access to this site');
	const { site: _site, ...narrow } = filter;
	const [tickets, directory, names, snapshot] = await Promise.all([
		searchTickets(sql, { sites: [site], ...narrow, limit: 500 }),
		readTicketDirectory(sql, site),
		readTicketSite(sql, site),
		locals.runtime.getSnapshot(site)
	]);
	return { sites, site, filter, tickets, directory, names, live: { forbidden: !snapshot, sites: snapshot ? [snapshot] : [] } };
};
