import type { LocalizedName } from '$lib/domain/site/model';
import { listSites } from '$lib/server/domain/site/queries';
import type { LayoutServerLoad } from './$types';

/**
 * The signed-in user, with the names of their sites for the user menu. An admin sees every
 * site, so their menu says so instead of listing them.
 */
export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) return { user: null };
	const siteNames: Record<string, LocalizedName> = {};
	if (user.role !== 'admin' && user.sites.length) {
		for (const site of await listSites(locals.runtime.sql)) {
			if (user.sites.includes(site.id)) siteNames[site.id] = site.name;
		}
	}
	return { user: { ...user, siteNames } };
};
