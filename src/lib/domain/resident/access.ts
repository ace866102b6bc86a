/**
 * Who may do what with residents' personal data. The service desk (operators, and managers who
 * stand in for them) records residents and calls them back, so it may reveal a number, each time
 * with a reason that goes on the audit page. Administrators run the system, not the desk: they
 * see residents masked and never reveal, but carry out an erasure on request, as managers may.
 * Guards and wall displays see no residents at all. The route table (`server/auth/route-access.ts`)
 * declares the same lists. Pure, no I/O.
 */
import type { Role } from '../access';

/** May see a site's residents, masked. */
export const RESIDENT_VIEW_ROLES = ['admin', 'manager', 'operator'] as const satisfies readonly Role[];
/** May record residents and correct them. */
export const RESIDENT_EDIT_ROLES = ['manager', 'operator'] as const satisfies readonly Role[];
/** May reveal a resident's phone number or name (with a reason, audited), search by whole names and numbers, and read the note. */
export const RESIDENT_CONTACT_ROLES = ['manager', 'operator'] as const satisfies readonly Role[];
/** May erase a resident's personal data on their request. */
export const RESIDENT_ERASE_ROLES = ['admin', 'manager'] as const satisfies readonly Role[];

/** What one role may do with residents. */
export interface ResidentRights {
	see: boolean;
	edit: boolean;
	reveal: boolean;
	erase: boolean;
}

const has = (roles: readonly Role[], role: Role) => roles.includes(role);

export function getResidentRights(role: Role): ResidentRights {
	return {
		see: has(RESIDENT_VIEW_ROLES, role),
		edit: has(RESIDENT_EDIT_ROLES, role),
		reveal: has(RESIDENT_CONTACT_ROLES, role),
		erase: has(RESIDENT_ERASE_ROLES, role)
	};
}

/** Whether this user belongs to the site (administrators belong to every site). */
export function isOfSite(user: { role: Role; sites: readonly string[] }, site: string): boolean {
	return user.role === 'admin' || user.sites.includes(site);
}
