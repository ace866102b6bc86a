import { z } from 'zod';
import { getResidentRights, isOfSite } from '$lib/domain/resident/access';
import { MASKED_PHONE_SEARCH_DIGITS, placeId, type ResidentRecord } from '$lib/domain/resident/model';
import type { LocalizedName } from '$lib/domain/site/model';
import { toResidentView } from '$lib/domain/resident/view';
import { requireResidentRight } from '$lib/server/domain/resident/http';
import { searchResidents } from '$lib/server/domain/resident/queries';
import { listBuildingNames } from '$lib/server/domain/site/places';
import { listSites } from '$lib/server/domain/site/queries';
import type { PageServerLoad } from './$types';

// Filters are checked against patterns and limits; anything else is ignored.
const filters = z.object({
	unit: placeId.optional().catch(undefined),
	phone: z.string().regex(/^[0-9]{1,20}$/).optional().catch(undefined),
	q: z.string().trim().min(1).max(40).optional().catch(undefined)
});

/**
 * The service desk's residents page: the caller's sites, the one `?site=` names (else the
 * first), and its residents found by place (`unit`), last digits of the number (`phone`) or
 * name (`q`), masked. What this role may do with them goes along, so the page offers only that.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireResidentRight(locals.user, 'see');
	const { sql } = locals.runtime;
	const rights = getResidentRights(user.role);
	const sites = (await listSites(sql)).filter((s) => isOfSite(user, s.id)).map(({ id, name }) => ({ id, name }));
	const site = sites.find((s) => s.id === url.searchParams.get('site'))?.id ?? sites[0]?.id ?? null;
	const filter = filters.parse(Object.fromEntries(url.searchParams));
	// Past what the mask shows, a search would tell a role that may not reveal the hidden digits.
	if (filter.phone && !rights.reveal) filter.phone = filter.phone.slice(-MASKED_PHONE_SEARCH_DIGITS);
	const [found, buildingNames]: [ResidentRecord[], Record<string, LocalizedName>] = site
		? await Promise.all([
				searchResidents(sql, site, { unit: filter.unit, phoneSuffix: filter.phone, q: filter.q, qMatchesName: rights.reveal }),
				listBuildingNames(sql, site)
			])
		: [[], {}];
	return { sites, site, filter, rights, buildingNames, residents: found.map((r) => toResidentView(r, user.role)) };
};
