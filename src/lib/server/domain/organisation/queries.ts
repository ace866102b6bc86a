import { EMPTY_ORGANISATION, type Organisation, type SiteOrganisation } from '$lib/domain/organisation/model';
import type { OrganisationSheet, OrganisationUser, SiteZone } from '$lib/domain/organisation/sheet';
import type { SitePlan } from '$lib/domain/site/model';
import type { Queryable } from '../../db/client';

/** A site's organisation as last saved, or null when nobody has saved one. */
export async function getOrganisation(sql: Queryable, site: string): Promise<SiteOrganisation | null> {
	const [row] = await sql<{ state: SiteOrganisation }[]>`select state from organisation where site = ${site}`;
	return row?.state ?? null;
}

/**
 * The organisation tickets route and escalate by: as last saved, or EMPTY_ORGANISATION (nobody
 * named, a 08:00–18:00 working week) when none was saved. Safe inside a command's transaction.
 */
export async function getOrganisationOf(sql: Queryable, site: string): Promise<Organisation> {
	return (await getOrganisation(sql, site))?.organisation ?? EMPTY_ORGANISATION;
}

export async function listOrganisations(sql: Queryable, sites: readonly string[]): Promise<SiteOrganisation[]> {
	if (!sites.length) return [];
	return (await sql<{ state: SiteOrganisation }[]>`select state from organisation where site = any(${sites as string[]})`).map((r) => r.state);
}

/**
 * The people an organisation of `site` may name: enabled accounts of every role but the wall
 * display that belong to the site (administrators belong to every site), by name.
 */
export async function listOrganisationUsers(sql: Queryable, site: string): Promise<OrganisationUser[]> {
	return await sql<OrganisationUser[]>`
		select u.id::text as id, coalesce(nullif(u.display_name, ''), u.username) as "displayName", u.role
		from app_user u
		where u.disabled_at is null and u.role <> 'wall'
			and (u.role = 'admin' or exists (select 1 from user_site us where us.user_id = u.id and us.site = ${site}))
		order by "displayName", u.id`;
}

const zonesOf = (plan: SitePlan): SiteZone[] =>
	plan.features.filter((f) => f.properties.kind === 'zone').map((f) => ({ id: f.properties.id, name: f.properties.name }));

/** The zones of a site's current plan, in plan order: what a steward may answer for. */
export async function listSiteZones(sql: Queryable, site: string): Promise<SiteZone[]> {
	const [row] = await sql<{ plan: SitePlan }[]>`select plan from site where id = ${site}`;
	return row ? zonesOf(row.plan) : [];
}

/** What the organisation's editor needs of a site (`OrganisationSheet`), or null for an unknown site. */
export async function getOrganisationSheet(sql: Queryable, site: string): Promise<OrganisationSheet | null> {
	const [[row], saved, users] = await Promise.all([
		sql<{ plan: SitePlan }[]>`select plan from site where id = ${site}`,
		getOrganisation(sql, site),
		listOrganisationUsers(sql, site)
	]);
	if (!row) return null;
	return {
		version: saved?.version ?? 0,
		organisation: saved?.organisation ?? EMPTY_ORGANISATION,
		users,
		zones: zonesOf(row.plan)
	};
}
