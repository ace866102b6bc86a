import { routeByZone, type DepartmentKind, type Organisation } from '../organisation/model';
import type { LocalizedName } from '../site/model';
import type { TicketCategory } from './model';
import { DEPARTMENT_FOR } from './rules';

/**
 * Who is who at a site for its work orders, as a browser needs it: the departments (names,
 * supervisor, members), the people's display names by account id, and the end of day the
 * overnight board is judged against. Read from the site's organisation; pure helpers below.
 */
export interface TicketDirectory {
	site: string;
	departments: { id: string; kind: DepartmentKind; name: LocalizedName; supervisor: string | null; members: string[] }[];
	/** Display names by account id: members, supervisors, stewards, the manager, the service centre. */
	people: Record<string, string>;
	stewards: { zone: string; user: string; department: string }[];
	endOfDay: string;
}

/** A site as the ticket pages name it: its name, its time zone, and its buildings' names from the plan. */
export interface TicketSite {
	id: string;
	name: LocalizedName;
	timeZone: string;
	buildingNames: Record<string, LocalizedName>;
}

/** A site's directory from its organisation and the names of the accounts it names. */
export function buildTicketDirectory(site: string, org: Organisation, names: Record<string, string>): TicketDirectory {
	const departments = org.departments.map((d) => ({ id: d.id, kind: d.kind, name: d.name, supervisor: d.supervisor, members: [...d.members] }));
	return { site, departments, people: { ...names }, stewards: org.stewards.map((s) => ({ ...s })), endOfDay: org.endOfDay };
}

/** Every account an organisation names, once each: whose names a directory needs. */
export function listPeopleOfOrganisation(org: Organisation): string[] {
	const ids = new Set<string>();
	for (const d of org.departments) {
		if (d.supervisor) ids.add(d.supervisor);
		for (const m of d.members) ids.add(m);
	}
	for (const s of org.stewards) ids.add(s.user);
	if (org.manager) ids.add(org.manager);
	for (const id of org.serviceCentre) ids.add(id);
	return [...ids];
}

/**
 * The department a new ticket goes to when none is picked, as `decideOpen` routes it: the zone's
 * grid steward's department, else the first department of the category's kind; null when the site
 * has none.
 */
export function routedDepartmentOf(dir: Pick<TicketDirectory, 'departments' | 'stewards'>, category: TicketCategory, zone: string | null): string | null {
	const routed = routeByZone({ stewards: dir.stewards } as Organisation, zone);
	return routed?.department ?? dir.departments.find((d) => d.kind === DEPARTMENT_FOR[category])?.id ?? null;
}

/** Who a ticket may be assigned to: the members and supervisor of one department, or of all; each once, by name. */
export function listAssignees(dir: TicketDirectory, department: string | null): { id: string; name: string; department: string }[] {
	const out = new Map<string, { id: string; name: string; department: string }>();
	for (const d of dir.departments) {
		if (department && d.id !== department) continue;
		for (const id of [...(d.supervisor ? [d.supervisor] : []), ...d.members]) {
			if (!out.has(id)) out.set(id, { id, name: dir.people[id] ?? id, department: d.id });
		}
	}
	return [...out.values()];
}
