import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale, type Locale } from '$lib/paraglide/runtime.js';
import { PROCEDURE_PROBLEM_CODES } from '$lib/domain/procedure/problems';
import { describeField, describeProblem, fieldId } from './procedure-text';

const reading = (locale: Locale) => overwriteGetLocale(() => locale);
afterEach(() => reading('zh-CN'));

describe('where a problem is', () => {
	it('names the step, the answer, the field and its language', () => {
		reading('en');
		expect(describeField('title.en')).toBe('Title (English)');
		expect(describeField('summary.zh-TW')).toBe('When it applies (繁體中文)');
		expect(describeField('steps.2.title.zh-CN')).toBe('Step 3 · Step (简体中文)');
		expect(describeField('steps.0.options.1.label.en')).toBe('Step 1 · answer 2 · Answer (English)');
		expect(describeField('steps.0.options.1.id')).toBe('Step 1 · answer 2 · Answer id');
		expect(describeField('steps.4.when')).toBe('Step 5 · Applies');
		expect(describeField('steps')).toBe('Steps');
		expect(describeField('id')).toBe('The procedure');
		expect(describeField('')).toBe('The procedure');
	});

	it('speaks the reader’s language', () => {
		reading('zh-TW');
		expect(describeField('steps.1.phone')).toBe('第 2 步 · 撥打號碼');
		expect(describeProblem({ field: 'steps.1.phone', code: 'call_needs_phone' })).toBe('撥打電話步驟需要填寫號碼。');
	});

	it('words every problem code in every language', () => {
		for (const locale of ['zh-CN', 'zh-TW', 'en'] as const) {
			reading(locale);
			for (const code of PROCEDURE_PROBLEM_CODES) expect(describeProblem({ field: 'x', code, params: { max: 5, min: 1, id: 'a', step: 'b', answer: 'c', keys: 'd' } })).toMatch(/\S/);
		}
	});

	it('gives each field an id its problem line can name', () => {
		expect(fieldId('steps.0.title.zh-CN')).toBe('f-steps-0-title-zh-CN');
		expect(fieldId('')).toBe('f-procedure');
	});
});
