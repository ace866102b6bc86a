import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { Procedure, Text } from './model';
import { procedureSchema } from './schema';
import {
	addOption,
	addStep,
	draftOfProcedure,
	listWhenChoices,
	moveStep,
	newProcedureDraft,
	procedureOfDraft,
	readProcedureDraft,
	removeOption,
	removeStep,
	renameOption,
	renameStep
} from './draft';

const t = (en: string, zh = en): Text => ({ 'zh-CN': zh, 'zh-TW': zh, en });
const fire: Procedure = {
	id: 'fire',
	title: t('Fire alarm', '火警'),
	summary: t('A fire alarm from the panel', '消防报警'),
	steps: [
		{ id: 'confirm', kind: 'check', title: t('Confirm', '确认'), detail: t('Camera and a guard', '视频和人员'), required: true, limitMinutes: 3, camera: true },
		{ id: 'real_or_false', kind: 'choice', title: t('Real?'), required: true, ordered: true, options: [{ id: 'real', label: t('Real') }, { id: 'false', label: t('False') }] },
		{ id: 'record', kind: 'note', title: t('Record'), required: true, when: { step: 'real_or_false', answer: 'false' } },
		{ id: 'call_119', kind: 'call', phone: '119', title: t('Call 119'), required: true, when: { step: 'real_or_false', answer: 'real' } },
		{ id: 'inform', kind: 'check', title: t('Tell the manager'), required: false }
	]
};

/** The draft as the browser posts it: every input by its name, checkboxes only when ticked. */
function formOf(d: ReturnType<typeof draftOfProcedure>): FormData {
	const f = new FormData();
	for (const [k, v] of Object.entries({ title: d.title, summary: d.summary })) for (const [l, s] of Object.entries(v)) f.set(`${k}.${l}`, s);
	d.steps.forEach((s, n) => {
		const at = `steps.${n}`;
		f.set(`${at}.id`, s.id);
		f.set(`${at}.kind`, s.kind);
		for (const part of ['title', 'detail'] as const) for (const [l, v] of Object.entries(s[part])) f.set(`${at}.${part}.${l}`, v);
		if (s.required) f.set(`${at}.required`, 'on');
		if (s.ordered) f.set(`${at}.ordered`, 'on');
		if (s.camera) f.set(`${at}.camera`, 'on');
		f.set(`${at}.limitMinutes`, s.limitMinutes);
		f.set(`${at}.phone`, s.phone);
		f.set(`${at}.when`, s.when);
		s.options.forEach((o, k) => {
			f.set(`${at}.options.${k}.id`, o.id);
			for (const [l, v] of Object.entries(o.label)) f.set(`${at}.options.${k}.label.${l}`, v);
		});
	});
	return f;
}

describe('a procedure draft', () => {
	it('turns back into the very procedure it was made of', () => {
		expect(isDeepStrictEqual(procedureOfDraft(draftOfProcedure(fire)), fire)).toBe(true);
	});

	it('survives the form: posted and read back, it is the same procedure', () => {
		const read = readProcedureDraft(formOf(draftOfProcedure(fire)), 'fire');
		expect(isDeepStrictEqual(procedureOfDraft(read), fire)).toBe(true);
	});

	it('leaves out what was left empty, and options off a step that is no longer a choice', () => {
		const d = draftOfProcedure(fire);
		d.steps[0].detail = t('');
		d.steps[0].limitMinutes = ' ';
		d.steps[1].kind = 'check';
		const step = (procedureOfDraft(d) as Procedure).steps;
		expect(step[0]).toEqual({ id: 'confirm', kind: 'check', title: t('Confirm', '确认'), required: true, camera: true });
		expect(step[1].options).toBeUndefined();
	});

	it('keeps a detail written in one language only, for the schema to ask for the others', () => {
		const d = draftOfProcedure(fire);
		d.steps[4].detail.en = 'By phone';
		const parsed = procedureSchema.safeParse(procedureOfDraft(d));
		expect(parsed.success).toBe(false);
		expect(parsed.error!.issues.map((i) => i.path.join('.'))).toEqual(['steps.4.detail.zh-CN', 'steps.4.detail.zh-TW']);
	});

	it('keeps a number typed wrong as a number the schema refuses', () => {
		const d = draftOfProcedure(fire);
		d.steps[0].limitMinutes = 'soon';
		expect(procedureSchema.safeParse(procedureOfDraft(d)).success).toBe(false);
	});

	it('reads no more steps than one past the most allowed', () => {
		const f = new FormData();
		for (let n = 0; n < 100; n++) f.set(`steps.${n}.id`, `s${n}`);
		expect(readProcedureDraft(f, 'fire').steps).toHaveLength(41);
	});

	it('starts a new procedure with one empty step', () => {
		const d = newProcedureDraft('typhoon');
		expect(d.steps).toHaveLength(1);
		expect(d.steps[0]).toMatchObject({ id: 'step_1', kind: 'check', required: true });
	});
});

describe('editing steps', () => {
	const steps = () => draftOfProcedure(fire).steps;

	it('adds a step with a fresh id and key', () => {
		const next = addStep(steps());
		expect(next).toHaveLength(6);
		expect(next[5].id).toBe('step_6');
		expect(new Set(next.map((s) => s.key)).size).toBe(6);
		const again = addStep(addStep(removeStep(next, 0)));
		expect(new Set(again.map((s) => s.key)).size).toBe(again.length);
		expect(new Set(again.map((s) => s.id)).size).toBe(again.length);
	});

	it('moves a step by one and not past either end', () => {
		expect(moveStep(steps(), 4, -1).map((s) => s.id)).toEqual(['confirm', 'real_or_false', 'record', 'inform', 'call_119']);
		expect(moveStep(steps(), 0, -1).map((s) => s.id)).toEqual(steps().map((s) => s.id));
		expect(moveStep(steps(), 4, 1).map((s) => s.id)).toEqual(steps().map((s) => s.id));
	});

	it('removes a step, leaving the whens that named it for the schema to report', () => {
		const next = removeStep(steps(), 1);
		expect(next.map((s) => s.id)).toEqual(['confirm', 'record', 'call_119', 'inform']);
		expect(next[1].when).toBe('real_or_false:false');
	});

	it('renames a choice step or option, and the whens that named it follow', () => {
		const renamed = renameStep(steps(), 1, 'is_real');
		expect(renamed.map((s) => s.when)).toEqual(['', '', 'is_real:false', 'is_real:real', '']);
		const option = renameOption(renamed, 1, 1, 'false_alarm');
		expect(option[1].options.map((o) => o.id)).toEqual(['real', 'false_alarm']);
		expect(option[2].when).toBe('is_real:false_alarm');
		expect(option[3].when).toBe('is_real:real');
	});

	it('adds and removes a choice’s options', () => {
		const added = addOption(steps(), 1);
		expect(added[1].options.map((o) => o.id)).toEqual(['real', 'false', 'option_3']);
		expect(removeOption(added, 1, 0)[1].options.map((o) => o.id)).toEqual(['false', 'option_3']);
	});

	it('offers a step the options of the choices before it', () => {
		expect(listWhenChoices(steps(), 1)).toEqual([]);
		expect(listWhenChoices(steps(), 3).map((c) => c.value)).toEqual(['real_or_false:real', 'real_or_false:false']);
	});
});
