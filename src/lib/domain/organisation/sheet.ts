import type { Role } from '../access';
import type { LocalizedName } from '../site/model';
import type { Organisation } from './model';

/** Someone an organisation may name: a person (not a wall display) with an active account at the site. */
export interface OrganisationUser {
	id: string;
	displayName: string;
	role: Exclude<Role, 'wall'>;
}

/** A zone of a site's plan, as a steward's picker names it. */
export interface SiteZone {
	id: string;
	name: LocalizedName;
}

/**
 * What the organisation's editor (and `GET /api/sites/{site}/organisation`) has of a site: the
 * organisation and its version (0, and an empty one in the site's time zone, when none was
 * saved), the people it may name and the zones of the site's plan.
 */
export interface OrganisationSheet {
	version: number;
	organisation: Organisation;
	users: OrganisationUser[];
	zones: SiteZone[];
}
