import type { Checklist, StepOutcome } from '../checklist/model';
import { isStepApplicable } from '../checklist/rules';
import type { Procedure, StepKind, Text } from '../procedure/model';

/**
 * The procedure's steps as the dispatched guard reads them on the phone: what the control room
 * follows, in order, and which are settled. The guard does not tick them (the operator does, on
 * the console); the phone shows them so the guard knows what comes next: "confirm by camera and on
 * site", "switch the linkage to automatic". Steps of a branch not taken are left out. Pure.
 */
export interface DispatchStep {
	id: string;
	kind: StepKind;
	title: Text;
	detail: Text | null;
	required: boolean;
	/** A call step's number, so the guard can dial it too. */
	phone: string | null;
	/** How the control room settled it, or null while open. */
	outcome: StepOutcome | null;
	/** A choice's answer, as its option's label. */
	answer: Text | null;
}

export interface DispatchProcedure {
	title: Text;
	steps: DispatchStep[];
}

export function toDispatchProcedure(checklist: Checklist, procedure: Pick<Procedure, 'title' | 'steps'>): DispatchProcedure {
	const texts = new Map(procedure.steps.map((s) => [s.id, s]));
	const steps = checklist.steps.flatMap((rule): DispatchStep[] => {
		const text = texts.get(rule.id);
		if (!text || !isStepApplicable(checklist, rule)) return [];
		const result = checklist.results[rule.id];
		const answer = result?.answer ? (text.options?.find((o) => o.id === result.answer)?.label ?? null) : null;
		return [{ id: rule.id, kind: rule.kind, title: text.title, detail: text.detail ?? null, required: rule.required, phone: text.phone ?? null, outcome: result?.outcome ?? null, answer }];
	});
	return { title: procedure.title, steps };
}
