import type { z } from 'zod';
import type { Organisation } from './model';

/**
 * What is wrong with an organisation an admin saved, as codes the page words in the reader's
 * language, each on the field it is about (`field`: the value's path joined with dots,
 * `stewards.2.zone`). Schema problems come from `problemOfIssue`; what needs the site (its
 * accounts and its plan's zones) from `listOrganisationProblems`. Pure.
 */
export const ORGANISATION_PROBLEM_CODES = [
	'required',
	'too_long',
	'too_many',
	'invalid',
	'duplicate',
	'unknown_department',
	'unknown_user',
	'unknown_zone',
	'not_a_member',
	'empty_hours'
] as const;
export type OrganisationProblemCode = (typeof ORGANISATION_PROBLEM_CODES)[number];

export interface OrganisationProblem {
	field: string;
	code: OrganisationProblemCode;
}

/** The refusals the command answers with (the first problem's code when the site refuses the document). */
export type OrganisationRefusal = 'unknown_user' | 'unknown_zone' | 'not_a_member' | 'empty_hours' | 'duplicate';

/** One schema issue as a problem on its field. */
export function problemOfIssue(issue: z.core.$ZodIssue): OrganisationProblem {
	const field = issue.path.map(String).join('.');
	switch (issue.code) {
		case 'custom':
			return { field, code: issue.message === 'duplicate' || issue.message === 'unknown_department' ? issue.message : 'invalid' };
		case 'too_small':
			return { field, code: 'required' };
		case 'too_big':
			return { field, code: issue.origin === 'array' ? 'too_many' : 'too_long' };
		default:
			return { field, code: 'invalid' };
	}
}

/**
 * What the site refuses in an organisation that fits the schema:
 *
 * - `unknown_user`: a supervisor, member, the manager, someone of the service centre or a steward
 *   who is not one of `users` (the site's active people: see `listOrganisationUsers`);
 * - `unknown_zone`: a steward's zone that is not a zone feature of the site's plan;
 * - `not_a_member`: a steward who is neither a member nor the supervisor of their department (a
 *   zone's tickets go to the steward's department, and escalate to its supervisor: the steward
 *   must answer to that supervisor);
 * - `duplicate`: someone listed twice in one department, the service centre, or a weekday twice;
 * - `empty_hours` (a working day that starts when it ends).
 *
 * In document order, so the page lists them as the form reads.
 */
export function listOrganisationProblems(org: Organisation, site: { users: ReadonlySet<string>; zones: ReadonlySet<string> }): OrganisationProblem[] {
	const problems: OrganisationProblem[] = [];
	const person = (field: string, id: string | null) => {
		if (id !== null && !site.users.has(id)) problems.push({ field, code: 'unknown_user' });
	};
	const once = (field: string, list: readonly (string | number)[]) => {
		if (new Set(list).size !== list.length) problems.push({ field, code: 'duplicate' });
	};
	for (const [i, d] of org.departments.entries()) {
		person(`departments.${i}.supervisor`, d.supervisor);
		for (const [j, member] of d.members.entries()) person(`departments.${i}.members.${j}`, member);
		once(`departments.${i}.members`, d.members);
	}
	person('manager', org.manager);
	for (const [i, id] of org.serviceCentre.entries()) person(`serviceCentre.${i}`, id);
	once('serviceCentre', org.serviceCentre);
	const departments = new Map(org.departments.map((d) => [d.id, d]));
	for (const [i, s] of org.stewards.entries()) {
		if (!site.zones.has(s.zone)) problems.push({ field: `stewards.${i}.zone`, code: 'unknown_zone' });
		person(`stewards.${i}.user`, s.user);
		const d = departments.get(s.department);
		if (d && site.users.has(s.user) && d.supervisor !== s.user && !d.members.includes(s.user)) problems.push({ field: `stewards.${i}.user`, code: 'not_a_member' });
	}
	if (org.workingHours.start === org.workingHours.end) problems.push({ field: 'workingHours.end', code: 'empty_hours' });
	once('workingHours.days', org.workingHours.days);
	return problems;
}
