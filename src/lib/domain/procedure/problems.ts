import type { z } from 'zod';
import { MAX_OPTIONS, MAX_STEPS } from './schema';

/**
 * What is wrong with a procedure an admin wrote or imported, as codes a page words in the
 * reader's language, each on the field it is about. `field` is the value's path joined with
 * dots (`steps.2.title.en`), which is also the name of the editor's input for it; a `when`
 * problem is on the step's `when` field whatever part of it is wrong. Pure.
 */

export const PROCEDURE_PROBLEM_CODES = [
	'required',
	'too_long',
	'id_format',
	'phone_format',
	'minutes_range',
	'options_count',
	'steps_count',
	'duplicate_id',
	'choice_needs_options',
	'option_ids_differ',
	'only_choice_options',
	'call_needs_phone',
	'when_not_earlier_choice',
	'when_no_option',
	'unknown_kind',
	'unknown_field',
	'not_object',
	'duplicate_procedure',
	'invalid'
] as const;
export type ProcedureProblemCode = (typeof PROCEDURE_PROBLEM_CODES)[number];

export interface ProcedureProblem {
	field: string;
	code: ProcedureProblemCode;
	/** What the wording needs: a limit, the step or option named. */
	params?: Record<string, string | number>;
}

/** The limits the wording quotes. */
export const MINUTES_MAX = 24 * 60;

/**
 * The relation problems `listProcedureProblems` reports, by its wording (pinned by this
 * module's spec, so a change of wording there fails here instead of showing "invalid").
 */
const RELATIONS: { pattern: RegExp; code: ProcedureProblemCode; params?: (m: RegExpMatchArray) => Record<string, string> }[] = [
	{ pattern: /^step id (\S+) is used twice$/, code: 'duplicate_id', params: (m) => ({ id: m[1] }) },
	{ pattern: /^a choice needs options$/, code: 'choice_needs_options' },
	{ pattern: /^option ids must differ$/, code: 'option_ids_differ' },
	{ pattern: /^only a choice has options$/, code: 'only_choice_options' },
	{ pattern: /^a call needs a number$/, code: 'call_needs_phone' },
	{ pattern: /^when: (\S+) is not an earlier choice step$/, code: 'when_not_earlier_choice', params: (m) => ({ step: m[1] }) },
	{ pattern: /^when: (\S+) has no option (.+)$/, code: 'when_no_option', params: (m) => ({ step: m[1], answer: m[2] }) }
];

/** The field a path names: a `when`'s parts are the `when` field. */
export function fieldOfPath(path: readonly PropertyKey[]): string {
	const at = path.indexOf('when');
	return (at >= 0 ? path.slice(0, at + 1) : path).map(String).join('.');
}

/** One schema issue as a problem on its field. */
export function problemOfIssue(issue: z.core.$ZodIssue): ProcedureProblem {
	const field = fieldOfPath(issue.path);
	const last = String(issue.path.at(-1) ?? '');
	const inWhen = issue.path.includes('when');
	switch (issue.code) {
		case 'custom': {
			for (const r of RELATIONS) {
				const match = issue.message.match(r.pattern);
				if (match) return { field, code: r.code, ...(r.params && { params: r.params(match) }) };
			}
			return { field, code: 'invalid' };
		}
		case 'unrecognized_keys':
			return { field, code: 'unknown_field', params: { keys: issue.keys.join(', ') } };
		case 'invalid_value':
			return { field, code: last === 'kind' || field === 'id' ? 'unknown_kind' : 'invalid' };
		case 'invalid_format':
			if (last === 'phone') return { field, code: 'phone_format' };
			return { field, code: inWhen || last === 'id' ? 'id_format' : 'invalid' };
		case 'too_small':
		case 'too_big': {
			if (last === 'limitMinutes') return { field, code: 'minutes_range', params: { max: MINUTES_MAX } };
			if (issue.origin === 'string') return issue.code === 'too_small' ? { field, code: 'required' } : { field, code: 'too_long', params: { max: Number(issue.maximum) } };
			if (last === 'options') return { field, code: 'options_count', params: { min: 2, max: MAX_OPTIONS } };
			if (field === 'steps') return { field, code: 'steps_count', params: { min: 1, max: MAX_STEPS } };
			return { field, code: 'invalid' };
		}
		case 'invalid_type':
			if (last === 'limitMinutes') return { field, code: 'minutes_range', params: { max: MINUTES_MAX } };
			if (issue.path.length === 0) return { field, code: 'not_object' };
			// A missing text or id is one left empty.
			return { field, code: issue.expected === 'string' || issue.expected === 'object' ? 'required' : 'invalid' };
		default:
			return { field, code: last === 'limitMinutes' ? 'minutes_range' : 'invalid', ...(last === 'limitMinutes' && { params: { max: MINUTES_MAX } }) };
	}
}

/** Every issue as a problem, each (field, code) once. */
export function listProblemsOfIssues(issues: readonly z.core.$ZodIssue[]): ProcedureProblem[] {
	const seen = new Set<string>();
	const problems: ProcedureProblem[] = [];
	for (const issue of issues) {
		const p = problemOfIssue(issue);
		const key = `${p.field}\u0000${p.code}\u0000${JSON.stringify(p.params ?? {})}`;
		if (seen.has(key)) continue;
		seen.add(key);
		problems.push(p);
	}
	return problems;
}
