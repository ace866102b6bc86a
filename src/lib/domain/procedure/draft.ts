import { LOCALES } from '../site/model';
import type { IncidentKind } from '../incident/model';
import { MAX_OPTIONS, MAX_STEPS } from './schema';
import type { Procedure, ProcedureStep, Text } from './model';

/**
 * A procedure as the admin editor holds it: every field a string or a flag an input shows,
 * optional parts present and empty. `procedureOfDraft` turns it back into what
 * `procedureSchema` checks, leaving out what was left empty, so a draft of a version saved
 * unchanged is equal to it (and publishes nothing). The editor's inputs are named by the
 * path of their value (`steps.2.title.en`, `steps.0.options.1.id`), which is how the server
 * reads the form (`readProcedureDraft`) and how a problem finds its field. Pure.
 */

export interface OptionDraft {
	id: string;
	label: Text;
}

export interface StepDraft {
	/** Stable while the step is moved (the editor's list key); never saved. */
	key: string;
	id: string;
	/** A StepKind; as typed, so a forged one is refused by the schema rather than guessed. */
	kind: string;
	title: Text;
	detail: Text;
	required: boolean;
	/** Whole minutes, or empty for none. */
	limitMinutes: string;
	ordered: boolean;
	phone: string;
	camera: boolean;
	options: OptionDraft[];
	/** `step:answer` of an earlier choice, or empty: the step always applies. */
	when: string;
}

export interface ProcedureDraft {
	id: IncidentKind;
	title: Text;
	summary: Text;
	steps: StepDraft[];
}

export const emptyText = (): Text => ({ 'zh-CN': '', 'zh-TW': '', en: '' });
const copyText = (t: Text | undefined): Text => (t ? { 'zh-CN': t['zh-CN'], 'zh-TW': t['zh-TW'], en: t.en } : emptyText());
const isBlank = (t: Text) => LOCALES.every((l) => !t[l].trim());

export const whenValue = (step: string, answer: string) => `${step}:${answer}`;

export function draftOfStep(s: ProcedureStep, key: string): StepDraft {
	return {
		key,
		id: s.id,
		kind: s.kind,
		title: copyText(s.title),
		detail: copyText(s.detail),
		required: s.required,
		limitMinutes: s.limitMinutes === undefined ? '' : String(s.limitMinutes),
		ordered: s.ordered === true,
		phone: s.phone ?? '',
		camera: s.camera === true,
		options: (s.options ?? []).map((o) => ({ id: o.id, label: copyText(o.label) })),
		when: s.when ? whenValue(s.when.step, s.when.answer) : ''
	};
}

export function draftOfProcedure(p: Procedure): ProcedureDraft {
	return { id: p.id, title: copyText(p.title), summary: copyText(p.summary), steps: p.steps.map((s, n) => draftOfStep(s, `k${n}`)) };
}

/** A procedure not written yet: one empty step to start from. */
export function newProcedureDraft(id: IncidentKind): ProcedureDraft {
	return { id, title: emptyText(), summary: emptyText(), steps: addStep([]) };
}

/** What the schema checks: empty optional parts left out, a choice's options only on a choice. */
export function procedureOfDraft(d: ProcedureDraft): unknown {
	return { id: d.id, title: d.title, summary: d.summary, steps: d.steps.map(stepOfDraft) };
}

function stepOfDraft(s: StepDraft): Record<string, unknown> {
	const step: Record<string, unknown> = { id: s.id.trim(), kind: s.kind, title: s.title, required: s.required };
	if (!isBlank(s.detail)) step.detail = s.detail;
	// A number the schema refuses stays one (NaN), so the problem is on the field, not lost.
	if (s.limitMinutes.trim()) step.limitMinutes = Number(s.limitMinutes.trim());
	if (s.ordered) step.ordered = true;
	if (s.phone.trim()) step.phone = s.phone.trim();
	if (s.camera) step.camera = true;
	if (s.kind === 'choice') step.options = s.options.map((o) => ({ id: o.id.trim(), label: o.label }));
	if (s.when) {
		const at = s.when.indexOf(':');
		step.when = at < 0 ? { step: s.when, answer: '' } : { step: s.when.slice(0, at), answer: s.when.slice(at + 1) };
	}
	return step;
}

/** The editor's form, read back: steps and options in the order of their indices, each list bounded just past what the schema allows. */
export function readProcedureDraft(form: { get(name: string): unknown; has(name: string): boolean }, id: IncidentKind): ProcedureDraft {
	const text = (name: string) => {
		const v = form.get(name);
		return typeof v === 'string' ? v : '';
	};
	const textOf = (prefix: string): Text => ({ 'zh-CN': text(`${prefix}.zh-CN`), 'zh-TW': text(`${prefix}.zh-TW`), en: text(`${prefix}.en`) });
	const steps: StepDraft[] = [];
	for (let n = 0; n <= MAX_STEPS && form.has(`steps.${n}.id`); n++) {
		const at = `steps.${n}`;
		const options: OptionDraft[] = [];
		for (let k = 0; k <= MAX_OPTIONS && form.has(`${at}.options.${k}.id`); k++) options.push({ id: text(`${at}.options.${k}.id`), label: textOf(`${at}.options.${k}.label`) });
		steps.push({
			key: `k${n}`,
			id: text(`${at}.id`),
			kind: text(`${at}.kind`),
			title: textOf(`${at}.title`),
			detail: textOf(`${at}.detail`),
			required: form.has(`${at}.required`),
			limitMinutes: text(`${at}.limitMinutes`),
			ordered: form.has(`${at}.ordered`),
			phone: text(`${at}.phone`),
			camera: form.has(`${at}.camera`),
			options,
			when: text(`${at}.when`)
		});
	}
	return { id, title: textOf('title'), summary: textOf('summary'), steps };
}

/** A key no step of the list has. */
function freshKey(steps: readonly StepDraft[]): string {
	let n = steps.length;
	while (steps.some((s) => s.key === `k${n}`)) n++;
	return `k${n}`;
}

/** An id no step has: `step_4`, or the next free number. */
function freshId(taken: readonly string[], prefix: string, from: number): string {
	let n = from;
	while (taken.includes(`${prefix}${n}`)) n++;
	return `${prefix}${n}`;
}

/** A new required check step at the end. */
export function addStep(steps: readonly StepDraft[]): StepDraft[] {
	const id = freshId(steps.map((s) => s.id), 'step_', steps.length + 1);
	const step: StepDraft = { key: freshKey(steps), id, kind: 'check', title: emptyText(), detail: emptyText(), required: true, limitMinutes: '', ordered: false, phone: '', camera: false, options: [], when: '' };
	return [...steps, step];
}

/** Steps that named it in their `when` keep naming it, so the editor shows what no longer holds. */
export function removeStep(steps: readonly StepDraft[], index: number): StepDraft[] {
	return steps.filter((_, n) => n !== index);
}

/** The step at `index` swapped with its neighbour `by` places away (−1 earlier, +1 later). */
export function moveStep(steps: readonly StepDraft[], index: number, by: -1 | 1): StepDraft[] {
	const to = index + by;
	if (index < 0 || index >= steps.length || to < 0 || to >= steps.length) return [...steps];
	const next = [...steps];
	[next[index], next[to]] = [next[to], next[index]];
	return next;
}

/** A step's new id, and the `when` of later steps that named the old one follow it. */
export function renameStep(steps: readonly StepDraft[], index: number, id: string): StepDraft[] {
	const old = steps[index]?.id;
	if (old === undefined) return [...steps];
	return steps.map((s, n) => {
		if (n === index) return { ...s, id };
		return s.when.startsWith(`${old}:`) ? { ...s, when: `${id}:${s.when.slice(old.length + 1)}` } : s;
	});
}

/** A choice's new option at the end: `option_3`, labels to write. */
export function addOption(steps: readonly StepDraft[], index: number): StepDraft[] {
	return steps.map((s, n) => {
		if (n !== index) return s;
		const id = freshId(s.options.map((o) => o.id), 'option_', s.options.length + 1);
		return { ...s, options: [...s.options, { id, label: emptyText() }] };
	});
}

export function removeOption(steps: readonly StepDraft[], index: number, option: number): StepDraft[] {
	return steps.map((s, n) => (n === index ? { ...s, options: s.options.filter((_, k) => k !== option) } : s));
}

/** An option's new id, and the `when` of steps that named it follow it. */
export function renameOption(steps: readonly StepDraft[], index: number, option: number, id: string): StepDraft[] {
	const step = steps[index];
	const old = step?.options[option]?.id;
	if (old === undefined) return [...steps];
	const was = whenValue(step.id, old);
	return steps.map((s, n) => {
		if (n === index) return { ...s, options: s.options.map((o, k) => (k === option ? { ...o, id } : o)) };
		return s.when === was ? { ...s, when: whenValue(step.id, id) } : s;
	});
}

/** What a step's `when` may name: each option of each earlier choice step. */
export function listWhenChoices(steps: readonly StepDraft[], index: number): { value: string; step: StepDraft; option: OptionDraft }[] {
	return steps
		.slice(0, Math.max(0, index))
		.filter((s) => s.kind === 'choice')
		.flatMap((step) => step.options.map((option) => ({ value: whenValue(step.id, option.id), step, option })));
}
