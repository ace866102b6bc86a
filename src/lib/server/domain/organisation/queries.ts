import { EMPTY_ORGANISATION, type Organisation, type SiteOrganisation } from '$lib/domain/organisation/model';
import type { Queryable } from '../../db/client';

/** A site's organisation row, or null before an admin has written one. */
export async function getOrganisation(sql: Queryable, site: string): Promise<SiteOrganisation | null> {
	const [row] = await sql<{ state: SiteOrganisation }[]>`select state from organisation where site = ${site}`;
	return row?.state ?? null;
}

/** A site's organisation, or the empty one. */
export async function getOrganisationOf(sql: Queryable, site: string): Promise<Organisation> {
	return (await getOrganisation(sql, site))?.organisation ?? EMPTY_ORGANISATION;
}
