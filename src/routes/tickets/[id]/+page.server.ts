import { error } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { requireTicketId } from '$lib/server/domain/ticket/http';
import { readTicketPage } from '$lib/server/domain/ticket/pages';
import { readResidentWithRecord } from '$lib/server/domain/resident/record';
import { getResidentRights } from '$lib/domain/resident/access';
import type { PageServerLoad } from './$types';

/** One ticket: its facts, place, people, history, its caller (masked, with their complaint record), and its site's live snapshot (the page follows the ticket as it moves). */
export const load: PageServerLoad = async ({ params, locals }) => {
	const { id, site } = requireTicketId(params.id);
	const user = requireSiteWatcher(locals.user, site);
	const { sql, clock } = locals.runtime;
	const [page, snapshot] = await Promise.all([readTicketPage(sql, id), locals.runtime.getSnapshot(site)]);
	if (!page) error(404, 'no such ticket');
	const resident = page.ticket.resident ? await readResidentWithRecord(sql, page.ticket.resident, user.role, clock.now()) : null;
	return { ...page, resident, mayReveal: getResidentRights(user.role).reveal, live: { forbidden: !snapshot, sites: snapshot ? [snapshot] : [] } };
};
