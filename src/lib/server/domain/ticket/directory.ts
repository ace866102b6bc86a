import { buildTicketDirectory, listPeopleOfOrganisation, type TicketDirectory } from '$lib/domain/ticket/directory';
import type { Queryable } from '../../db/client';
import { getOrganisationOf } from '../organisation/queries';
import { getUserNames } from '../shift/queries';

/** A site's ticket directory: its organisation's departments and stewards, with the display names of everyone it names. */
export async function readTicketDirectory(sql: Queryable, site: string): Promise<TicketDirectory> {
	const org = await getOrganisationOf(sql, site);
	return buildTicketDirectory(site, org, await getUserNames(sql, listPeopleOfOrganisation(org)));
}
