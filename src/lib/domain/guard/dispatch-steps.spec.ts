import { describe, expect, it } from 'vitest';
import type { Checklist } from '../checklist/model';
import { rulesOf } from '../checklist/rules';
import type { Procedure, Text } from '../procedure/model';
import { toDispatchProcedure } from './dispatch-steps';

const t = (en: string): Text => ({ 'zh-CN': en, 'zh-TW': en, en });
const fire: Procedure = {
	id: 'fire',
	title: t('Fire alarm'),
	summary: t('From the panel'),
	steps: [
		{ id: 'confirm', kind: 'check', title: t('Confirm'), detail: t('Camera and a guard'), required: true },
		{ id: 'real_or_false', kind: 'choice', title: t('Real?'), required: true, options: [{ id: 'real', label: t('Real fire') }, { id: 'false', label: t('False alarm') }] },
		{ id: 'record', kind: 'note', title: t('Record'), required: true, when: { step: 'real_or_false', answer: 'false' } },
		{ id: 'call_119', kind: 'call', phone: '119', title: t('Call 119'), required: true, when: { step: 'real_or_false', answer: 'real' } }
	]
};
const checklist = (results: Checklist['results']): Checklist => ({
	id: 's:1', site: 's', procedure: 'fire', version: 1, drill: false, openedAt: '2026-12-01T00:00:00.000Z',
	steps: rulesOf(fire), results, overdue: {}, endedAt: null, closedAt: null, lastSeq: 1
});
const by = { by: 'u', at: '2026-12-01T00:01:00.000Z' };

describe('the procedure on a dispatched guard’s phone', () => {
	it('lists the steps that apply, in order, with what the control room settled and the answer’s words', () => {
		const open = toDispatchProcedure(checklist({}), fire);
		expect(open.steps.map((s) => s.id)).toEqual(['confirm', 'real_or_false']);
		expect(open.steps[0]).toMatchObject({ outcome: null, detail: t('Camera and a guard') });

		const real = toDispatchProcedure(checklist({ confirm: { outcome: 'done', ...by }, real_or_false: { outcome: 'answered', answer: 'real', ...by } }), fire);
		expect(real.steps.map((s) => [s.id, s.outcome])).toEqual([
			['confirm', 'done'],
			['real_or_false', 'answered'],
			['call_119', null]
		]);
		expect(real.steps[1].answer).toEqual(t('Real fire'));
		expect(real.steps[2].phone).toBe('119');
	});
});
