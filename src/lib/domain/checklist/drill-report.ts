import type { Procedure, StepKind, Text } from '../procedure/model';
import type { Checklist, StepOutcome } from './model';
import { isStepApplicable, stepDeadline } from './rules';

/**
 * A drill's short report: each step of the branch it took, how long after the start it was
 * settled, against its time limit, and who settled it; then the totals a trainer reads first.
 * The same rules the console shows (applicable steps, deadlines from the opening). Pure.
 */
export interface DrillStepRow {
	id: string;
	kind: StepKind;
	title: Text;
	required: boolean;
	outcome: StepOutcome | null;
	/** A choice's answer as its option's words; a skip's reason or a note's text as written. */
	answer: Text | null;
	text: string | null;
	by: string | null;
	at: string | null;
	/** From the drill's start to the step's settling; null while open. */
	elapsedMs: number | null;
	limitMinutes: number | null;
	/** Settled after its limit, or still open past it (flagged). */
	late: boolean;
}

export interface DrillReport {
	startedAt: string;
	/** When the drill was resolved; null while it runs. */
	endedAt: string | null;
	durationMs: number | null;
	steps: DrillStepRow[];
	/** Required steps of the branch settled / all of them. */
	requiredSettled: number;
	requiredTotal: number;
	withinLimit: number;
	late: number;
	skipped: number;
}

export function buildDrillReport(checklist: Checklist, procedure: Pick<Procedure, 'steps'>): DrillReport {
	const texts = new Map(procedure.steps.map((s) => [s.id, s]));
	const start = Date.parse(checklist.openedAt);
	const steps = checklist.steps.filter((rule) => isStepApplicable(checklist, rule)).map((rule): DrillStepRow => {
		const text = texts.get(rule.id);
		const result = checklist.results[rule.id];
		const deadline = stepDeadline(checklist, rule);
		const late = deadline !== null && (result ? result.at > deadline : Object.hasOwn(checklist.overdue, rule.id));
		return {
			id: rule.id,
			kind: rule.kind,
			title: text?.title ?? { 'zh-CN': rule.id, 'zh-TW': rule.id, en: rule.id },
			required: rule.required,
			outcome: result?.outcome ?? null,
			answer: result?.answer ? (text?.options?.find((o) => o.id === result.answer)?.label ?? null) : null,
			text: result?.reason ?? result?.text ?? null,
			by: result?.by ?? null,
			at: result?.at ?? null,
			elapsedMs: result ? Date.parse(result.at) - start : null,
			limitMinutes: rule.limitMinutes ?? null,
			late
		};
	});
	const required = steps.filter((s) => s.required);
	return {
		startedAt: checklist.openedAt,
		endedAt: checklist.endedAt,
		durationMs: checklist.endedAt ? Date.parse(checklist.endedAt) - start : null,
		steps,
		requiredSettled: required.filter((s) => s.outcome !== null).length,
		requiredTotal: required.length,
		withinLimit: steps.filter((s) => s.limitMinutes !== null && s.outcome !== null && !s.late).length,
		late: steps.filter((s) => s.late).length,
		skipped: steps.filter((s) => s.outcome === 'skipped').length
	};
}
