import { describe, expect, it } from 'vitest';
import type { Checklist } from './model';
import { decideChecklistStep, getChecklistProgress, listOpenRequiredSteps, listOverdueSteps, nextOverdueAt } from './rules';

const checklist = (over: Partial<Checklist> = {}): Checklist => ({
	id: 's:1',
	site: 's',
	procedure: 'fire',
	version: 1,
	drill: false,
	openedAt: '2026-12-01T00:00:00.000Z',
	steps: [
		{ id: 'confirm', kind: 'check', required: true, limitMinutes: 3 },
		{ id: 'real_or_false', kind: 'choice', required: true, ordered: true, options: ['real', 'false'] },
		{ id: 'record', kind: 'note', required: true, when: { step: 'real_or_false', answer: 'false' } },
		{ id: 'call_119', kind: 'call', required: true, limitMinutes: 3, when: { step: 'real_or_false', answer: 'real' } },
		{ id: 'inform', kind: 'check', required: false }
	],
	results: {},
	overdue: {},
	endedAt: null,
	closedAt: null,
	lastSeq: 1,
	...over
});
const by = { by: 'u', at: '2026-12-01T00:01:00.000Z' };

describe('checklist rules', () => {
	it('keeps a branch out until its choice is answered, then counts only that branch', () => {
		expect(getChecklistProgress(checklist())).toEqual({ settled: 0, total: 3, overdue: 0 });
		expect(listOpenRequiredSteps(checklist())).toEqual(['confirm', 'real_or_false']);
		const falseAlarm = checklist({ results: { confirm: { outcome: 'done', ...by }, real_or_false: { outcome: 'answered', answer: 'false', ...by } } });
		expect(listOpenRequiredSteps(falseAlarm)).toEqual(['record']);
		expect(getChecklistProgress(falseAlarm)).toEqual({ settled: 2, total: 4, overdue: 0 });
		const real = checklist({ results: { real_or_false: { outcome: 'answered', answer: 'real', ...by } } });
		expect(listOpenRequiredSteps(real)).toEqual(['confirm', 'call_119']);
	});

	it('decides steps: forced order, the branch, one answer of the options, a reason for a skip, text for a note', () => {
		const c = checklist();
		expect(decideChecklistStep(c, 'real_or_false', { action: 'answer', answer: 'false' })).toEqual({ ok: false, reason: 'out_of_order' });
		expect(decideChecklistStep(c, 'record', { action: 'done', text: 'x' })).toEqual({ ok: false, reason: 'not_applicable' });
		expect(decideChecklistStep(c, 'confirm', { action: 'answer', answer: 'real' })).toEqual({ ok: false, reason: 'wrong_action' });
		expect(decideChecklistStep(c, 'confirm', { action: 'skip', reason: '  ' })).toEqual({ ok: false, reason: 'reason_required' });
		expect(decideChecklistStep(c, 'confirm', { action: 'done', text: ' seen ' })).toEqual({ ok: true, type: 'ChecklistStepDone', data: { incident: 's:1', step: 'confirm', text: 'seen' } });
		const confirmed = checklist({ results: { confirm: { outcome: 'done', ...by } } });
		expect(decideChecklistStep(confirmed, 'confirm', { action: 'done' })).toEqual({ ok: false, reason: 'already_settled' });
		expect(decideChecklistStep(confirmed, 'real_or_false', { action: 'answer', answer: 'maybe' })).toEqual({ ok: false, reason: 'invalid_answer' });
		expect(decideChecklistStep(confirmed, 'real_or_false', { action: 'done' })).toEqual({ ok: false, reason: 'wrong_action' });
		const answered = checklist({ results: { confirm: { outcome: 'done', ...by }, real_or_false: { outcome: 'answered', answer: 'false', ...by } } });
		expect(decideChecklistStep(answered, 'record', { action: 'done' })).toEqual({ ok: false, reason: 'text_required' });
		expect(decideChecklistStep(checklist({ endedAt: by.at }), 'confirm', { action: 'done' })).toEqual({ ok: false, reason: 'checklist_ended' });
		expect(decideChecklistStep(undefined, 'confirm', { action: 'done' })).toEqual({ ok: false, reason: 'no_checklist' });
	});

	it('falls due at the earliest open time limit of the steps that apply, once per step, never after the incident ended', () => {
		const c = checklist();
		expect(nextOverdueAt(c)).toBe('2026-12-01T00:03:00.000Z');
		expect(listOverdueSteps(c, new Date('2026-12-01T00:02:59.999Z'))).toEqual([]);
		expect(listOverdueSteps(c, new Date('2026-12-01T00:03:00.000Z')).map((s) => s.id)).toEqual(['confirm']);
		const flagged = checklist({ overdue: { confirm: '2026-12-01T00:03:00.000Z' }, results: { real_or_false: { outcome: 'answered', answer: 'real', ...by } } });
		expect(listOverdueSteps(flagged, new Date('2026-12-01T01:00:00.000Z')).map((s) => s.id)).toEqual(['call_119']);
		expect(getChecklistProgress(flagged).overdue).toBe(1);
		expect(nextOverdueAt(checklist({ endedAt: by.at }))).toBeNull();
		expect(nextOverdueAt(checklist({ results: { confirm: { outcome: 'skipped', reason: 'r', ...by } } }))).toBeNull();
	});
});

describe('a drill’s report', () => {
	it('times each step of the branch taken from the start, against its limit, with the totals', async () => {
		const { buildDrillReport } = await import('./drill-report');
		const t = (en: string) => ({ 'zh-CN': en, 'zh-TW': en, en });
		const texts = {
			steps: ['confirm', 'real_or_false', 'record', 'call_119', 'inform'].map((id) => ({
				id,
				kind: 'check' as const,
				title: t(id),
				required: true,
				options: id === 'real_or_false' ? [{ id: 'false', label: t('False alarm') }] : undefined
			}))
		};
		const at = (min: number) => new Date(Date.parse('2026-12-01T00:00:00.000Z') + min * 60_000).toISOString();
		const c = checklist({
			results: {
				confirm: { outcome: 'done', by: 'u1', at: at(4) },
				real_or_false: { outcome: 'answered', answer: 'false', by: 'u1', at: at(5) },
				inform: { outcome: 'skipped', reason: 'manager on site', by: 'u2', at: at(6) }
			},
			overdue: { confirm: at(3) },
			endedAt: at(8)
		});
		const report = buildDrillReport(c, texts);
		expect(report.steps.map((s) => s.id)).toEqual(['confirm', 'real_or_false', 'record', 'inform']);
		expect(report.steps[0]).toMatchObject({ elapsedMs: 4 * 60_000, limitMinutes: 3, late: true, by: 'u1' });
		expect(report.steps[1].answer).toEqual(t('False alarm'));
		expect(report.steps[3]).toMatchObject({ outcome: 'skipped', text: 'manager on site' });
		expect(report).toMatchObject({ durationMs: 8 * 60_000, requiredSettled: 2, requiredTotal: 3, withinLimit: 0, late: 1, skipped: 1 });
	});
});
