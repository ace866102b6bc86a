import type { Locale } from '$lib/domain/site/model';
import type { ProcedureProblem, ProcedureProblemCode } from '$lib/domain/procedure/problems';
import type { TransferFileProblem } from '$lib/domain/procedure/transfer';
import { m } from '$lib/paraglide/messages.js';

/** The procedure pages' words: problems, where they are, the languages a text is written in. */

export const languageNames: Record<Locale, () => string> = { 'zh-CN': m.locale_name_zh_cn, 'zh-TW': m.locale_name_zh_tw, en: m.locale_name_en };

type Params = Record<string, string | number>;
const problemTexts: Record<ProcedureProblemCode, (p: Params) => string> = {
	required: () => m.procedure_problem_required(),
	too_long: (p) => m.procedure_problem_too_long({ max: p.max ?? 500 }),
	id_format: () => m.procedure_problem_id_format(),
	phone_format: () => m.procedure_problem_phone_format(),
	minutes_range: (p) => m.procedure_problem_minutes_range({ max: p.max ?? 1440 }),
	options_count: (p) => m.procedure_problem_options_count({ min: p.min ?? 2, max: p.max ?? 6 }),
	steps_count: (p) => m.procedure_problem_steps_count({ min: p.min ?? 1, max: p.max ?? 40 }),
	duplicate_id: (p) => m.procedure_problem_duplicate_id({ id: p.id ?? '' }),
	choice_needs_options: () => m.procedure_problem_choice_needs_options(),
	option_ids_differ: () => m.procedure_problem_option_ids_differ(),
	only_choice_options: () => m.procedure_problem_only_choice_options(),
	call_needs_phone: () => m.procedure_problem_call_needs_phone(),
	when_not_earlier_choice: (p) => m.procedure_problem_when_not_earlier_choice({ step: p.step ?? '' }),
	when_no_option: (p) => m.procedure_problem_when_no_option({ step: p.step ?? '', answer: p.answer ?? '' }),
	unknown_kind: () => m.procedure_problem_unknown_kind(),
	unknown_field: (p) => m.procedure_problem_unknown_field({ keys: p.keys ?? '' }),
	not_object: () => m.procedure_problem_not_object(),
	duplicate_procedure: (p) => m.procedure_problem_duplicate_procedure({ id: p.id ?? '' }),
	invalid: () => m.procedure_problem_invalid()
};

/** What is wrong, in the reader's language. */
export const describeProblem = (p: ProcedureProblem): string => (problemTexts[p.code] ?? problemTexts.invalid)(p.params ?? {});

const fieldNames: Record<string, () => string> = {
	id: m.procedure_step_id,
	kind: m.procedure_step_kind,
	required: m.procedure_step_required,
	limitMinutes: m.procedure_step_limit,
	ordered: m.procedure_step_ordered,
	phone: m.procedure_step_phone,
	camera: m.procedure_step_camera,
	options: m.procedure_step_options,
	when: m.procedure_step_when,
	title: m.procedure_step_title,
	detail: m.procedure_step_detail,
	label: m.procedure_option_label
};

/** Where a field is, for the list of problems above the form: "Step 3 · answer 2 · Answer (English)". */
export function describeField(field: string): string {
	const parts = field ? field.split('.') : [];
	const where: string[] = [];
	let i = 0;
	if (parts[0] === 'steps' && parts[1] !== undefined) {
		where.push(m.procedure_where_step({ n: Number(parts[1]) + 1 }));
		i = 2;
		if (parts[2] === 'options' && parts[3] !== undefined) {
			where.push(m.procedure_where_option({ n: Number(parts[3]) + 1 }));
			i = 4;
		}
	} else if (parts[0] === 'steps') {
		return m.procedure_steps();
	}
	const name = parts[i];
	const language = parts[i + 1] as Locale | undefined;
	if (name === undefined || (i === 0 && name === 'id')) where.push(m.procedure_where_procedure());
	else {
		const label =
			i === 0 && name === 'title'
				? m.procedure_field_title()
				: i === 0 && name === 'summary'
					? m.procedure_field_summary()
					: i === 4 && name === 'id'
						? m.procedure_option_id()
						: (fieldNames[name]?.() ?? name);
		where.push(language && languageNames[language] ? m.procedure_field_in({ field: label, language: languageNames[language]() }) : label);
	}
	return where.join(' · ');
}

/** Why an imported file was refused as a whole. */
export const transferProblemText: Record<TransferFileProblem | 'no_file', () => string> = {
	no_file: m.procedures_file_no_file,
	empty: m.procedures_file_empty,
	too_big: m.procedures_file_too_big,
	not_json: m.procedures_file_not_json,
	not_procedures: m.procedures_file_not_procedures,
	too_many: m.procedures_file_too_many
};

/** Who published: a user's name, the product itself, or the id of a user since removed. */
export const publisherName = (id: string, names: Record<string, string>) => (id === 'shipped' ? m.procedures_shipped() : (names[id] ?? id));

/** The id of a field's input and of its problem line. */
export const fieldId = (field: string) => `f-${field.replaceAll('.', '-') || 'procedure'}`;
