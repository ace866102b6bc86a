import { describe, expect, it } from 'vitest';
import { Converter } from 'opencc-js';
import { INCIDENT_KINDS } from '$lib/domain/incident/model';
import type { Procedure, Text } from '$lib/domain/procedure/model';
import { listProcedureProblems, procedureSchema, STEP_ID_PATTERN } from '$lib/domain/procedure/schema';
import { LOCALES } from '$lib/domain/site/model';
import type { Checklist, StepResult } from '$lib/domain/checklist/model';
import { decideChecklistStep, listOpenRequiredSteps, rulesOf } from '$lib/domain/checklist/rules';
import { getShippedProcedure, SHIPPED_PROCEDURES } from './shipped';

/** The files as they lie in the folder, before the schema: a file not wired into shipped.ts shows up here. */
const files = import.meta.glob<unknown>('./shipped/*.json', { eager: true, import: 'default' });

/** The only numbers a shipped procedure dials: fire, ambulance, police, elevator emergency, power grid. */
const NATIONAL_NUMBERS = ['119', '120', '110', '96333', '95598'];

const textsOf = (p: Procedure): Text[] => [
	p.title,
	p.summary,
	...p.steps.flatMap((s) => [s.title, ...(s.detail ? [s.detail] : []), ...(s.options ?? []).map((o) => o.label)])
];

const toTraditional = Converter({ from: 'cn', to: 'tw' });
const toSimplified = Converter({ from: 'tw', to: 'cn' });
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/;
const digitsOf = (s: string) => (s.match(/\d+/g) ?? []).sort();

const by = { by: 'u', at: '2026-12-01T03:01:00.000Z' };
const checklistOf = (p: Procedure, results: Record<string, StepResult> = {}): Checklist => ({
	id: 's:1',
	site: 's',
	procedure: p.id,
	version: 1,
	drill: false,
	openedAt: '2026-12-01T03:00:00.000Z',
	steps: rulesOf(p),
	results,
	overdue: {},
	endedAt: null,
	closedAt: null,
	lastSeq: 1
});

describe('shipped procedures', () => {
	it('has exactly one procedure for every incident kind, each from its own file', () => {
		expect(SHIPPED_PROCEDURES.map((p) => p.id).sort()).toEqual([...INCIDENT_KINDS].sort());
		expect(Object.keys(files).sort()).toEqual(INCIDENT_KINDS.map((k) => `./shipped/${k}.json`).sort());
		for (const kind of INCIDENT_KINDS) expect(getShippedProcedure(kind)?.id).toBe(kind);
	});

	it.each(Object.entries(files))('%s passes the schema an admin edit passes, with no problems', (_file, raw) => {
		const parsed = procedureSchema.safeParse(raw);
		expect(parsed.error?.issues ?? []).toEqual([]);
		const p = parsed.data!;
		expect(listProcedureProblems(p)).toEqual([]);
		expect(p.steps.some((s) => s.required)).toBe(true);
		for (const s of p.steps) {
			expect(s.id).toMatch(STEP_ID_PATTERN);
			if (s.kind === 'call') expect(NATIONAL_NUMBERS).toContain(s.phone);
			else expect(s.phone).toBeUndefined();
		}
	});

	it('says everything in the three languages, each in its own script', () => {
		for (const p of SHIPPED_PROCEDURES) {
			for (const text of textsOf(p)) {
				for (const l of LOCALES) expect(text[l].trim(), `${p.id}: ${l} of ${text.en}`).not.toBe('');
				// Traditional that a Simplified-to-Traditional conversion would still change has Simplified in it, and the reverse.
				expect(toTraditional(text['zh-TW']), `${p.id}: zh-TW`).toBe(text['zh-TW']);
				expect(toSimplified(text['zh-CN']), `${p.id}: zh-CN`).toBe(text['zh-CN']);
				expect(text.en, `${p.id}: en`).not.toMatch(CJK);
				// The same numbers (phones, minutes, the standard's) in every language: a translation that drifted shows here.
				expect(digitsOf(text['zh-TW']), `${p.id}: ${text.en}`).toEqual(digitsOf(text['zh-CN']));
				expect(digitsOf(text.en), `${p.id}: ${text.en}`).toEqual(digitsOf(text['zh-CN']));
			}
		}
	});

	it('has the same steps in every language: each step and option titled in each', () => {
		for (const p of SHIPPED_PROCEDURES) {
			const shape = (l: (typeof LOCALES)[number]) =>
				p.steps.map((s) => ({ id: s.id, title: s.title[l] !== '', detail: s.detail?.[l] !== undefined, options: (s.options ?? []).map((o) => [o.id, o.label[l] !== '']) }));
			expect(shape('zh-TW'), p.id).toEqual(shape('zh-CN'));
			expect(shape('en'), p.id).toEqual(shape('zh-CN'));
		}
	});

	it('asks a choice only where a step depends on its answer', () => {
		for (const p of SHIPPED_PROCEDURES) {
			for (const choice of p.steps.filter((s) => s.kind === 'choice')) {
				const branches = p.steps.filter((s) => s.when?.step === choice.id);
				expect(branches.length, `${p.id}.${choice.id}`).toBeGreaterThan(0);
			}
		}
	});

	describe('fire (GB 25201-2010)', () => {
		const fire = getShippedProcedure('fire')!;
		const confirmed = { confirm: { outcome: 'done', ...by } } as const;

		it('confirms on camera within 3 minutes before the real-or-false decision', () => {
			const confirm = fire.steps.find((s) => s.id === 'confirm')!;
			expect(confirm).toMatchObject({ kind: 'check', required: true, camera: true, limitMinutes: 3 });
			expect(listOpenRequiredSteps(checklistOf(fire))).toEqual(['confirm', 'real_or_false']);
			expect(decideChecklistStep(checklistOf(fire), 'real_or_false', { action: 'answer', answer: 'false' })).toEqual({ ok: false, reason: 'out_of_order' });
		});

		it('settles a false alarm with the fault record alone', () => {
			const c = checklistOf(fire, { ...confirmed, real_or_false: { outcome: 'answered', answer: 'false', ...by } });
			expect(listOpenRequiredSteps(c)).toEqual(['record_fault']);
			expect(fire.steps.find((s) => s.id === 'record_fault')!.kind).toBe('note');
		});

		it('on a real fire requires linkage to automatic, 119 within 3 minutes of the opening, the plan and the report', () => {
			const c = checklistOf(fire, { ...confirmed, real_or_false: { outcome: 'answered', answer: 'real', ...by } });
			expect(listOpenRequiredSteps(c)).toEqual(expect.arrayContaining(['auto_linkage', 'call_119', 'start_plan', 'report_officer']));
			expect(listOpenRequiredSteps(c)).not.toContain('record_fault');
			expect(fire.steps.find((s) => s.id === 'call_119')).toMatchObject({ kind: 'call', phone: '119', required: true, limitMinutes: 3 });
		});
	});
});
