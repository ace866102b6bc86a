import { DEPARTMENT_KINDS, type Department, type DepartmentKind, type Organisation, type Steward } from '$lib/domain/organisation/model';
import type { LocalizedName } from '$lib/domain/site/model';
import type { Sql } from '../db/client';
import type { RunCommand } from '../commands';
import type { Logger } from '../log';
import { updateOrganisation } from '../domain/organisation/commands';
import { getOrganisation, listOrganisationUsers, listSiteZones } from '../domain/organisation/queries';

/** The demo accounts an organisation names (account ids), one per role; the wall display is no person. */
export interface DemoPeople {
	admin?: string;
	manager?: string;
	operator?: string;
	guard?: string;
}

/** The demo's accounts are named after their roles (`seedDemoUsers`). */
const DEMO_USERNAMES: (keyof DemoPeople)[] = ['admin', 'manager', 'operator', 'guard'];

const DEPARTMENT_NAMES: Record<Exclude<DepartmentKind, 'other'>, LocalizedName> = {
	engineering: { 'zh-CN': '工程部', 'zh-TW': '工程部', en: 'Engineering' },
	cleaning: { 'zh-CN': '保洁部', 'zh-TW': '保潔部', en: 'Cleaning' },
	security: { 'zh-CN': '秩序维护部', 'zh-TW': '秩序維護部', en: 'Security' },
	customer_service: { 'zh-CN': '客服部', 'zh-TW': '客服部', en: 'Customer service' },
	greenery: { 'zh-CN': '绿化部', 'zh-TW': '綠化部', en: 'Landscaping' }
};

/** Which department answers for each demo zone, and who of the demo's people stewards it. */
const ZONE_STEWARDS: Record<string, { department: 'customer_service' | 'security'; who: keyof DemoPeople }> = {
	CLUB: { department: 'customer_service', who: 'operator' },
	OFFICE: { department: 'customer_service', who: 'manager' },
	GARDEN: { department: 'customer_service', who: 'operator' },
	KINDERGARTEN: { department: 'security', who: 'guard' }
};

/**
 * The demo estate's organisation from the demo's few people (account ids): five departments, the
 * manager supervising all but security (which the control-room operator leads, with the guard),
 * the administrator as the company's service centre, a steward for each zone of the plan that
 * has someone to steward it, and an 08:30–17:30 service desk open every day. Pure.
 */
export function buildDemoOrganisation(people: DemoPeople, zones: readonly string[]): Organisation {
	const present = (...ids: (string | undefined)[]) => ids.filter((id): id is string => id !== undefined);
	const members: Record<Exclude<DepartmentKind, 'other'>, string[]> = {
		engineering: [],
		cleaning: [],
		security: present(people.operator, people.guard),
		customer_service: present(people.manager, people.operator),
		greenery: []
	};
	const departments: Department[] = DEPARTMENT_KINDS.filter((k) => k !== 'other').map((kind) => ({
		id: kind,
		kind,
		name: DEPARTMENT_NAMES[kind],
		supervisor: (kind === 'security' ? people.operator : people.manager) ?? null,
		members: members[kind]
	}));
	const stewards: Steward[] = zones.flatMap((zone) => {
		const rule = ZONE_STEWARDS[zone];
		const user = rule && people[rule.who];
		return user ? [{ zone, user, department: rule.department }] : [];
	});
	return {
		departments,
		manager: people.manager ?? null,
		serviceCentre: present(people.admin),
		stewards,
		workingHours: { start: '08:30', end: '17:30', days: [1, 2, 3, 4, 5, 6, 7] },
		endOfDay: '20:00'
	};
}

/**
 * Demo mode: give the demo estate an organisation the first time (none saved yet), through the
 * same command an admin's save takes, naming the demo accounts that exist and may be named there.
 */
export async function seedDemoOrganisation(deps: { sql: Sql; run: RunCommand; log: Logger }, site: string): Promise<void> {
	const [row] = await deps.sql<{ id: string }[]>`select id from site where id = ${site}`;
	if (!row || (await getOrganisation(deps.sql, site))) return;
	const named = await deps.sql<{ id: string; username: keyof DemoPeople }[]>`select id::text as id, username from app_user where username = any(${DEMO_USERNAMES})`;
	const allowed = new Set((await listOrganisationUsers(deps.sql, site)).map((u) => u.id));
	const people: DemoPeople = {};
	for (const { id, username } of named) if (allowed.has(id)) people[username] = id;
	const zones = (await listSiteZones(deps.sql, site)).map((z) => z.id);
	const organisation = buildDemoOrganisation(people, zones);
	const outcome = await updateOrganisation(deps.run, { kind: 'system', id: 'demo' }, site, { organisation, expectedVersion: 0 });
	if (outcome.ok) deps.log.info({ site }, 'demo organisation saved');
	else deps.log.warn({ site, reason: outcome.reason, problems: outcome.problems }, 'demo organisation not saved');
}
