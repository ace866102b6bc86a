import type { LocalizedName } from '../site/model';
import { DEPARTMENT_ID_PATTERN, type Department, type DepartmentKind, type Organisation, type Steward } from './model';

/**
 * The organisation editor's edits that touch more than one field: pure, each returning the new
 * value. The rest of the form binds straight to the document's fields.
 */

/** A department of `kind`, named `name`, its id the kind's (`security`, then `security-2`, …) unless taken. */
export function newDepartment(existing: readonly Department[], kind: DepartmentKind, name: LocalizedName): Department {
	const taken = new Set(existing.map((d) => d.id));
	let id: string = kind;
	for (let n = 2; taken.has(id); n++) id = `${kind}-${n}`;
	return { id, kind, name: { ...name }, supervisor: null, members: [] };
}

/**
 * Give department `index` a new id; the stewards of its old id follow it when the new one is a
 * well-formed id no other department has (else they keep the old one, and the save names the problem).
 */
export function renameDepartment(org: Organisation, index: number, id: string): Organisation {
	const before = org.departments[index];
	if (!before) return org;
	const departments = org.departments.map((d, i) => (i === index ? { ...d, id } : d));
	const follows = DEPARTMENT_ID_PATTERN.test(id) && !org.departments.some((d, i) => i !== index && d.id === id);
	const stewards = follows ? org.stewards.map((s) => (s.department === before.id ? { ...s, department: id } : s)) : org.stewards;
	return { ...org, departments, stewards };
}

/** A new steward row: the first zone without one (else the first zone), the first department, nobody yet. */
export function newSteward(org: Organisation, zones: readonly string[]): Steward {
	const stewarded = new Set(org.stewards.map((s) => s.zone));
	return { zone: zones.find((z) => !stewarded.has(z)) ?? zones[0] ?? '', user: '', department: org.departments[0]?.id ?? '' };
}

/** `list` with `id` in it or out of it, in the order it was. */
export const toggle = (list: readonly string[], id: string, on: boolean): string[] => (on ? (list.includes(id) ? [...list] : [...list, id]) : list.filter((x) => x !== id));
