import { requireRole } from '$lib/server/auth/authorization';
import { getOrganisationSheet } from '$lib/server/domain/organisation/queries';
import { listSites } from '$lib/server/domain/site/queries';
import type { PageServerLoad } from './$types';

/**
 * A site's organisation to edit (the one `?site=` names, else the first): the document and its
 * version, the people it may name and its plan's zones. The editor saves through
 * `PUT /api/sites/{site}/organisation`.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals.user, 'admin');
	const sites = (await listSites(locals.runtime.sql)).map(({ id, name }) => ({ id, name }));
	const wanted = url.searchParams.get('site');
	const site = sites.find((s) => s.id === wanted) ?? sites[0] ?? null;
	const sheet = site ? await getOrganisationSheet(locals.runtime.sql, site.id) : null;
	return { sites, site: site && sheet ? { ...site, ...sheet } : null };
};
