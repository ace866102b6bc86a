import type { DepartmentKind } from '$lib/domain/organisation/model';
import type { OrganisationProblem, OrganisationProblemCode } from '$lib/domain/organisation/rules';
import { LOCALES, type LocalizedName } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

/** The organisation editor's words: department kinds, problems, weekdays; and where a field's input is. */

type Say = (inputs?: Record<string, never>, options?: { locale?: (typeof LOCALES)[number] }) => string;

export const kindNames: Record<DepartmentKind, Say> = {
	engineering: m.org_kind_engineering,
	cleaning: m.org_kind_cleaning,
	security: m.org_kind_security,
	customer_service: m.org_kind_customer_service,
	greenery: m.org_kind_greenery,
	other: m.org_kind_other
};

/** A kind's name in each language: what a new department of that kind is called until the admin names it. */
export const kindNameIn = (kind: DepartmentKind): LocalizedName =>
	Object.fromEntries(LOCALES.map((locale) => [locale, kindNames[kind]({}, { locale })])) as LocalizedName;

const problemTexts: Record<OrganisationProblemCode, () => string> = {
	required: m.org_problem_required,
	too_long: m.org_problem_too_long,
	too_many: m.org_problem_too_many,
	invalid: m.org_problem_invalid,
	duplicate: m.org_problem_duplicate,
	unknown_department: m.org_problem_unknown_department,
	unknown_user: m.org_problem_unknown_user,
	unknown_zone: m.org_problem_unknown_zone,
	not_a_member: m.org_problem_not_a_member,
	empty_hours: m.org_problem_empty_hours
};

/** What is wrong, in the reader's language. */
export const describeProblem = (p: OrganisationProblem): string => (problemTexts[p.code] ?? problemTexts.invalid)();

/** The id of a field's input (`departments.0.id` → `org-departments-0-id`); its problems are at `{id}-problem`. */
export const fieldId = (field: string): string => `org-${field.replaceAll('.', '-') || 'document'}`;

/** Problems of a field and of its parts (`departments.0.members` holds `departments.0.members.2`). */
export type ProblemsOf = (field: string) => OrganisationProblem[];
export const problemsIn =
	(problems: readonly OrganisationProblem[]): ProblemsOf =>
	(field) =>
		problems.filter((p) => p.field === field || p.field.startsWith(`${field}.`));

/** The ISO weekdays, 1 = Monday, named short in the reader's language. */
export function weekdayNames(): { day: number; name: string }[] {
	const format = new Intl.DateTimeFormat(getLocale(), { weekday: 'short', timeZone: 'UTC' });
	// 2024-01-01 was a Monday.
	return [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, name: format.format(new Date(Date.UTC(2024, 0, day))) }));
}
