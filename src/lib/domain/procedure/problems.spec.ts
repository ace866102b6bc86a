import { describe, expect, it } from 'vitest';
import type { Procedure, Text } from './model';
import { procedureSchema } from './schema';
import { fieldOfPath, listProblemsOfIssues, type ProcedureProblem } from './problems';

const t = (s: string): Text => ({ 'zh-CN': s, 'zh-TW': s, en: s });
const base = (): Procedure => ({
	id: 'fire',
	title: t('Fire'),
	summary: t('A fire alarm'),
	steps: [
		{ id: 'confirm', kind: 'check', title: t('Confirm'), required: true },
		{ id: 'real_or_false', kind: 'choice', title: t('Real?'), required: true, options: [{ id: 'real', label: t('Real') }, { id: 'false', label: t('False') }] },
		{ id: 'call_119', kind: 'call', phone: '119', title: t('Call 119'), required: true, when: { step: 'real_or_false', answer: 'real' } }
	]
});

function problemsOf(edit: (p: Procedure) => unknown): ProcedureProblem[] {
	const parsed = procedureSchema.safeParse(edit(base()));
	if (parsed.success) return [];
	return listProblemsOfIssues(parsed.error.issues);
}

describe('problems of a procedure, on their fields', () => {
	it('finds none in a good procedure', () => {
		expect(problemsOf((p) => p)).toEqual([]);
	});

	it('words every relation problem the schema reports (its wording is pinned here)', () => {
		expect(problemsOf((p) => ({ ...p, steps: [...p.steps, { ...p.steps[0] }] }))).toContainEqual({ field: 'steps.3.id', code: 'duplicate_id', params: { id: 'confirm' } });
		// (The step after it, whose when names one of its options, is then wrong too.)
		expect(problemsOf((p) => (delete p.steps[1].options, p))).toContainEqual({ field: 'steps.1.options', code: 'choice_needs_options' });
		expect(problemsOf((p) => ((p.steps[1].options![1].id = 'real'), p))).toEqual([{ field: 'steps.1.options', code: 'option_ids_differ' }]);
		expect(problemsOf((p) => ((p.steps[0].options = p.steps[1].options), p))).toEqual([{ field: 'steps.0.options', code: 'only_choice_options' }]);
		expect(problemsOf((p) => (delete p.steps[2].phone, p))).toEqual([{ field: 'steps.2.phone', code: 'call_needs_phone' }]);
		expect(problemsOf((p) => ((p.steps[2].when = { step: 'confirm', answer: 'real' }), p))).toEqual([{ field: 'steps.2.when', code: 'when_not_earlier_choice', params: { step: 'confirm' } }]);
		expect(problemsOf((p) => ((p.steps[2].when = { step: 'real_or_false', answer: 'maybe' }), p))).toEqual([{ field: 'steps.2.when', code: 'when_no_option', params: { step: 'real_or_false', answer: 'maybe' } }]);
	});

	it('marks an empty or too long text in its language', () => {
		expect(problemsOf((p) => ((p.steps[0].title.en = '  '), p))).toEqual([{ field: 'steps.0.title.en', code: 'required' }]);
		expect(problemsOf((p) => ((p.summary['zh-TW'] = 'x'.repeat(501)), p))).toEqual([{ field: 'summary.zh-TW', code: 'too_long', params: { max: 500 } }]);
		expect(problemsOf((p) => ({ ...p, title: { en: 'Fire' } }))).toEqual([
			{ field: 'title.zh-CN', code: 'required' },
			{ field: 'title.zh-TW', code: 'required' }
		]);
	});

	it('marks ids, numbers, minutes and counts', () => {
		expect(problemsOf((p) => ((p.steps[0].id = 'Confirm!'), p))).toContainEqual({ field: 'steps.0.id', code: 'id_format' });
		expect(problemsOf((p) => ((p.steps[2].phone = 'call me'), p))).toEqual([{ field: 'steps.2.phone', code: 'phone_format' }]);
		for (const bad of [0, 1441, 2.5, Number.NaN]) expect(problemsOf((p) => ((p.steps[0].limitMinutes = bad), p))).toEqual([{ field: 'steps.0.limitMinutes', code: 'minutes_range', params: { max: 1440 } }]);
		expect(problemsOf((p) => ((p.steps[1].options = p.steps[1].options!.slice(0, 1)), p))).toEqual([{ field: 'steps.1.options', code: 'options_count', params: { min: 2, max: 6 } }]);
		expect(problemsOf((p) => ({ ...p, steps: [] }))).toEqual([{ field: 'steps', code: 'steps_count', params: { min: 1, max: 40 } }]);
		expect(problemsOf((p) => ((p.steps[2].when = { step: 'real_or_false', answer: 'Not An Id' }), p))).toContainEqual({ field: 'steps.2.when', code: 'id_format' });
	});

	it('marks unknown kinds and fields, and a value that is no procedure', () => {
		expect(problemsOf((p) => ({ ...p, id: 'earthquake' }))).toEqual([{ field: 'id', code: 'unknown_kind' }]);
		expect(problemsOf((p) => (((p.steps[0] as { kind: string }).kind = 'dance'), p))).toEqual([{ field: 'steps.0.kind', code: 'unknown_kind' }]);
		expect(problemsOf((p) => ({ ...p, author: 'me' }))).toEqual([{ field: '', code: 'unknown_field', params: { keys: 'author' } }]);
		expect(problemsOf(() => 'fire')).toEqual([{ field: '', code: 'not_object' }]);
	});

	it('puts every part of a when on the when field', () => {
		expect(fieldOfPath(['steps', 3, 'when', 'answer'])).toBe('steps.3.when');
		expect(fieldOfPath(['steps', 3, 'options', 1, 'label', 'en'])).toBe('steps.3.options.1.label.en');
		expect(fieldOfPath([])).toBe('');
	});
});
