import { z } from 'zod';
import { serviceLevelOverridesSchema } from '../ticket/service-levels';
import { ESCALATION_LEVELS, type EscalationLevel } from './escalation';
import { clockTime, workingHoursSchema } from './working-hours';

export { clockTime, ESCALATION_LEVELS, workingHoursSchema, type EscalationLevel };
export type { WorkingHours } from './working-hours';

/**
 * A site's organisation: who answers for what. Departments (each with its members and
 * supervisor), the estate's manager, the company's service centre, the zones' grid stewards and
 * the site's working day (on the site's own clock, from its import). Users are named by account
 * id only: the people themselves are accounts, edited on the users page. Tickets route and escalate by it; the admin page edits it
 * as one document, kept as `OrganisationUpdated` events on the site's stream.
 */

export const DEPARTMENT_KINDS = ['engineering', 'cleaning', 'security', 'customer_service', 'greenery', 'other'] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const DEPARTMENT_ID_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
const userId = z.string().min(1).max(64);
const localized = z.object({ 'zh-CN': z.string().min(1).max(60), 'zh-TW': z.string().min(1).max(60), en: z.string().min(1).max(60) });

export const departmentSchema = z.object({
	id: z.string().regex(DEPARTMENT_ID_PATTERN),
	kind: z.enum(DEPARTMENT_KINDS),
	name: localized,
	supervisor: userId.nullable(),
	members: z.array(userId).max(200)
});
export type Department = z.infer<typeof departmentSchema>;

/** A grid steward (网格管家): the person answering for one zone of the plan, in their department. */
export const stewardSchema = z.object({ zone: z.string().min(1).max(64), user: userId, department: z.string().regex(DEPARTMENT_ID_PATTERN) });
export type Steward = z.infer<typeof stewardSchema>;


export const organisationSchema = z
	.object({
		departments: z.array(departmentSchema).max(30),
		manager: userId.nullable(),
		serviceCentre: z.array(userId).max(20),
		stewards: z.array(stewardSchema).max(500),
		workingHours: workingHoursSchema,
		/** When "no problem stays open overnight" is judged: tickets open after it are on the overnight board. */
		endOfDay: clockTime,
		/** Service-level cells this site holds to differently from the defaults (`DEFAULT_SERVICE_LEVELS`). */
		serviceLevels: serviceLevelOverridesSchema.optional()
	})
	.superRefine((org, ctx) => {
		const ids = new Set<string>();
		for (const [i, d] of org.departments.entries()) {
			if (ids.has(d.id)) ctx.addIssue({ code: 'custom', path: ['departments', i, 'id'], message: 'duplicate' });
			ids.add(d.id);
		}
		const zones = new Set<string>();
		for (const [i, s] of org.stewards.entries()) {
			if (!ids.has(s.department)) ctx.addIssue({ code: 'custom', path: ['stewards', i, 'department'], message: 'unknown_department' });
			if (zones.has(s.zone)) ctx.addIssue({ code: 'custom', path: ['stewards', i, 'zone'], message: 'duplicate' });
			zones.add(s.zone);
		}
	});
export type Organisation = z.infer<typeof organisationSchema>;

/** A site's organisation before an admin has written one: nobody named, a 08:00–18:00 working week. */
export const EMPTY_ORGANISATION: Organisation = {
	departments: [],
	manager: null,
	serviceCentre: [],
	stewards: [],
	workingHours: { start: '08:00', end: '18:00', days: [1, 2, 3, 4, 5] },
	endOfDay: '18:00'
};

/** The organisation row of one site, as the projection keeps it. */
export interface SiteOrganisation {
	id: string;
	site: string;
	version: number;
	organisation: Organisation;
	updatedAt: string;
	updatedBy: string;
	lastSeq: number;
}

/** The department a zone's ticket goes to by default: its steward's, or null when the zone has none. */
export function routeByZone(org: Organisation, zone: string | null): { department: string; steward: string } | null {
	if (!zone) return null;
	const steward = org.stewards.find((s) => s.zone === zone);
	return steward ? { department: steward.department, steward: steward.user } : null;
}

/** The first department of a kind (a category's default when no zone routes it). */
export const departmentOfKind = (org: Organisation, kind: DepartmentKind): Department | undefined => org.departments.find((d) => d.kind === kind);


/**
 * Who a ticket's escalation at `level` reaches: the people of that rung of the chain assignee →
 * supervisor → manager → service centre. A rung nobody fills reaches nobody; the caller moves on.
 */
export function peopleAt(org: Organisation, level: EscalationLevel, ticket: { department: string | null; assignee: string | null }): string[] {
	switch (level) {
		case 'assignee':
			return ticket.assignee ? [ticket.assignee] : [];
		case 'supervisor': {
			const d = org.departments.find((x) => x.id === ticket.department);
			return d?.supervisor ? [d.supervisor] : [];
		}
		case 'manager':
			return org.manager ? [org.manager] : [];
		case 'service_centre':
			return [...org.serviceCentre];
	}
}
