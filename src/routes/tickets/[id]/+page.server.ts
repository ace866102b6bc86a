import { error } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { requireTicketId } from '$lib/server/domain/ticket/http';
import { readTicketPage } from '$lib/server/domain/ticket/pages';
import type { PageServerLoad } from './$types';

/** One ticket: its facts, place, people, history, and its site's live snapshot (the page follows the ticket as it moves). */
export const load: PageServerLoad = async ({ params, locals }) => {
	const { id, site } = requireTicketId(params.id);
	requireSiteWatcher(locals.user, site);
	const [page, snapshot] = await Promise.all([readTicketPage(locals.runtime.sql, id), locals.runtime.getSnapshot(site)]);
	if (!page) error(404, 'no such ticket');
	return { ...page, live: { forbidden: !snapshot, sites: snapshot ? [snapshot] : [] } };
};
