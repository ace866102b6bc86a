import type { Procedure } from '../procedure/model';
import type { ChecklistEventData, ChecklistEventType } from './events';
import type { Checklist, ChecklistProgress, StepRule } from './model';

/** The rules of a procedure's steps, as a checklist carries them. */
export function rulesOf(procedure: Pick<Procedure, 'steps'>): StepRule[] {
	return procedure.steps.map((s) => ({
		id: s.id,
		kind: s.kind,
		required: s.required,
		...(s.limitMinutes ? { limitMinutes: s.limitMinutes } : {}),
		...(s.ordered ? { ordered: true } : {}),
		...(s.options ? { options: s.options.map((o) => o.id) } : {}),
		...(s.when ? { when: { ...s.when } } : {})
	}));
}

/** Whether a step applies: it has no `when`, or its choice was answered so. */
export function isStepApplicable(c: Pick<Checklist, 'results'>, step: StepRule): boolean {
	return !step.when || c.results[step.when.step]?.answer === step.when.answer;
}

export const isStepSettled = (c: Pick<Checklist, 'results'>, id: string): boolean => Object.hasOwn(c.results, id);

/** The steps that apply now, in procedure order (a branch's steps once its choice is answered). */
export const listApplicableSteps = (c: Pick<Checklist, 'steps' | 'results'>): StepRule[] => c.steps.filter((s) => isStepApplicable(c, s));

/** Required steps that apply and are not settled: what keeps an incident from being resolved. */
export function listOpenRequiredSteps(c: Pick<Checklist, 'steps' | 'results'>): string[] {
	return listApplicableSteps(c)
		.filter((s) => s.required && !isStepSettled(c, s.id))
		.map((s) => s.id);
}

/** Settled of applicable steps: the queue's 3/7. */
export function getChecklistProgress(c: Pick<Checklist, 'steps' | 'results' | 'overdue'>): ChecklistProgress {
	const applicable = listApplicableSteps(c);
	const settled = applicable.filter((s) => isStepSettled(c, s.id)).length;
	const overdue = applicable.filter((s) => !isStepSettled(c, s.id) && Object.hasOwn(c.overdue, s.id)).length;
	return { settled, total: applicable.length, overdue };
}

/** When a step's time limit runs out, or null when it has none. */
export function stepDeadline(c: Pick<Checklist, 'openedAt'>, step: StepRule): string | null {
	return step.limitMinutes ? new Date(Date.parse(c.openedAt) + step.limitMinutes * 60_000).toISOString() : null;
}

/** Steps that apply, are open, have a limit and were not flagged yet: those that may still fall due. */
function listWatchedSteps(c: Checklist): StepRule[] {
	if (c.endedAt !== null) return [];
	return listApplicableSteps(c).filter((s) => s.limitMinutes && !isStepSettled(c, s.id) && !Object.hasOwn(c.overdue, s.id));
}

/** When the scheduler must next look at the checklist (its earliest open time limit), or null. */
export function nextOverdueAt(c: Checklist): string | null {
	let next: string | null = null;
	for (const s of listWatchedSteps(c)) {
		const at = stepDeadline(c, s)!;
		if (next === null || at < next) next = at;
	}
	return next;
}

/** Steps past their limit at `now`, not flagged yet. */
export function listOverdueSteps(c: Checklist, now: Date): StepRule[] {
	return listWatchedSteps(c).filter((s) => Date.parse(stepDeadline(c, s)!) <= now.getTime());
}

/** Whether a step is past its limit while open (flagged, or due to be). */
export function isStepLate(c: Checklist, step: StepRule, now: Date): boolean {
	if (isStepSettled(c, step.id) || !step.limitMinutes) return false;
	return Object.hasOwn(c.overdue, step.id) || Date.parse(stepDeadline(c, step)!) <= now.getTime();
}

export const STEP_ACTIONS = ['done', 'skip', 'answer'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export interface StepInput {
	action: StepAction;
	answer?: string;
	reason?: string;
	text?: string;
}

/** Why a step was refused: a fixed list, safe to send to a browser. */
export const CHECKLIST_REFUSALS = [
	'no_checklist',
	'unknown_step',
	'not_applicable',
	'already_settled',
	'out_of_order',
	'wrong_action',
	'answer_required',
	'invalid_answer',
	'reason_required',
	'text_required',
	'checklist_ended'
] as const;
export type ChecklistRefusal = (typeof CHECKLIST_REFUSALS)[number];

type StepType = Exclude<ChecklistEventType, 'ChecklistAttached' | 'ChecklistStepOverdue'>;
export type StepDecision = { [T in StepType]: { ok: true; type: T; data: ChecklistEventData[T] } }[StepType] | { ok: false; reason: ChecklistRefusal };

const refuse = (reason: ChecklistRefusal): StepDecision => ({ ok: false, reason });
const trimmed = (s: string | undefined) => (s ?? '').trim();

/**
 * Whether an operator may settle `stepId` so, and the event that records it. A step is settled
 * once; a `choice` is answered with one of its options, any other step is done; any step may be
 * skipped with a reason; a `note` step's text is its point. A step of a branch applies only after
 * its choice was answered so; an `ordered` step waits for every earlier required step that applies.
 */
export function decideChecklistStep(c: Checklist | undefined, stepId: string, input: StepInput): StepDecision {
	if (!c) return refuse('no_checklist');
	if (c.endedAt !== null) return refuse('checklist_ended');
	const index = c.steps.findIndex((s) => s.id === stepId);
	if (index < 0) return refuse('unknown_step');
	const step = c.steps[index];
	if (!isStepApplicable(c, step)) return refuse('not_applicable');
	if (isStepSettled(c, step.id)) return refuse('already_settled');
	if (step.ordered && c.steps.slice(0, index).some((s) => s.required && isStepApplicable(c, s) && !isStepSettled(c, s.id))) return refuse('out_of_order');
	const text = trimmed(input.text) || undefined;
	const incident = c.id;
	switch (input.action) {
		case 'skip': {
			const reason = trimmed(input.reason);
			if (!reason) return refuse('reason_required');
			return { ok: true, type: 'ChecklistStepSkipped', data: { incident, step: step.id, reason } };
		}
		case 'answer': {
			if (step.kind !== 'choice') return refuse('wrong_action');
			if (!input.answer) return refuse('answer_required');
			if (!step.options?.includes(input.answer)) return refuse('invalid_answer');
			return { ok: true, type: 'ChecklistStepAnswered', data: { incident, step: step.id, answer: input.answer, ...(text ? { text } : {}) } };
		}
		case 'done': {
			if (step.kind === 'choice') return refuse('wrong_action');
			if (step.kind === 'note' && !text) return refuse('text_required');
			return { ok: true, type: 'ChecklistStepDone', data: { incident, step: step.id, ...(text ? { text } : {}) } };
		}
	}
}
