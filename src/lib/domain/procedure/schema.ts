import { z } from 'zod';
import { LOCALES, type Locale } from '../site/model';
import { INCIDENT_KINDS } from '../incident/model';
import { STEP_KINDS, type Procedure } from './model';

/** Step and option ids: short, stable, safe in a URL path (`/checklist/{step}`). */
export const STEP_ID_PATTERN = /^[a-z0-9_]{1,40}$/;
export const MAX_STEPS = 40;
export const MAX_OPTIONS = 6;
const TEXT_MAX = 500;

const line = z.string().trim().min(1).max(TEXT_MAX);
export const textSchema = z.strictObject(Object.fromEntries(LOCALES.map((l) => [l, line])) as Record<Locale, typeof line>);
const stepId = z.string().regex(STEP_ID_PATTERN);

const optionSchema = z.strictObject({ id: stepId, label: textSchema });

const stepSchema = z.strictObject({
	id: stepId,
	kind: z.enum(STEP_KINDS),
	title: textSchema,
	detail: textSchema.optional(),
	required: z.boolean(),
	limitMinutes: z.number().int().min(1).max(24 * 60).optional(),
	ordered: z.boolean().optional(),
	phone: z
		.string()
		.regex(/^[0-9+\-() ]{2,30}$/)
		.optional(),
	camera: z.boolean().optional(),
	options: z.array(optionSchema).min(2).max(MAX_OPTIONS).optional(),
	when: z.strictObject({ step: stepId, answer: stepId }).optional()
});

/**
 * A procedure as an admin edits it, imports it or the product ships it. Beyond the shapes: step
 * ids are unique; a `choice` has options (unique ids) and nothing else does; a `call` has a
 * number; `when` names an earlier choice step and one of its options. These are what the
 * checklist's rules rely on, so an edit that breaks them is refused with the reasons.
 */
export const procedureSchema = z
	.strictObject({
		id: z.enum(INCIDENT_KINDS),
		title: textSchema,
		summary: textSchema,
		steps: z.array(stepSchema).min(1).max(MAX_STEPS)
	})
	.superRefine((p, ctx) => {
		for (const problem of listProcedureProblems(p as Procedure)) ctx.addIssue({ code: 'custom', message: problem.message, path: problem.path });
	});

/** What is wrong with how a procedure's steps refer to each other; empty when nothing is. */
export function listProcedureProblems(p: Procedure): { path: (string | number)[]; message: string }[] {
	const problems: { path: (string | number)[]; message: string }[] = [];
	const seen = new Map<string, number>();
	p.steps.forEach((s, n) => {
		const at = ['steps', n];
		if (seen.has(s.id)) problems.push({ path: [...at, 'id'], message: `step id ${s.id} is used twice` });
		if (s.kind === 'choice') {
			if (!s.options) problems.push({ path: [...at, 'options'], message: 'a choice needs options' });
			else if (new Set(s.options.map((o) => o.id)).size !== s.options.length) problems.push({ path: [...at, 'options'], message: 'option ids must differ' });
		} else if (s.options) problems.push({ path: [...at, 'options'], message: 'only a choice has options' });
		if (s.kind === 'call' && !s.phone) problems.push({ path: [...at, 'phone'], message: 'a call needs a number' });
		if (s.when) {
			const i = seen.get(s.when.step);
			const target = i === undefined ? undefined : p.steps[i];
			if (!target || target.kind !== 'choice') problems.push({ path: [...at, 'when'], message: `when: ${s.when.step} is not an earlier choice step` });
			else if (!target.options?.some((o) => o.id === s.when!.answer)) problems.push({ path: [...at, 'when'], message: `when: ${s.when.step} has no option ${s.when.answer}` });
		}
		if (!seen.has(s.id)) seen.set(s.id, n);
	});
	return problems;
}
