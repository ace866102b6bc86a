import type { ChecklistRefusal } from '$lib/domain/checklist/rules';
import type { StepKind, Text } from '$lib/domain/procedure/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

/** Words in the reader's language. */
export const say = (t: Text | undefined): string => (t ? t[getLocale()] : '');

export const stepKindNames: Record<StepKind, () => string> = {
	check: m.checklist_kind_check,
	call: m.checklist_kind_call,
	note: m.checklist_kind_note,
	choice: m.checklist_kind_choice
};

/** Why a step was refused, for the operator. */
export function stepRefusalText(reason: string): string {
	const texts: Record<ChecklistRefusal | 'not_acknowledged' | 'closed' | 'not_found', () => string> = {
		no_checklist: m.checklist_refused_no_checklist,
		unknown_step: m.checklist_refused_unknown_step,
		not_applicable: m.checklist_refused_not_applicable,
		already_settled: m.checklist_refused_already_settled,
		out_of_order: m.checklist_refused_out_of_order,
		wrong_action: m.checklist_refused_wrong_action,
		answer_required: m.checklist_refused_answer_required,
		invalid_answer: m.checklist_refused_invalid_answer,
		reason_required: m.checklist_refused_reason_required,
		text_required: m.checklist_refused_text_required,
		checklist_ended: m.checklist_refused_checklist_ended,
		not_acknowledged: m.incident_refused_not_acknowledged,
		closed: m.incident_refused_closed,
		not_found: m.incident_refused_not_found
	};
	return (texts[reason as ChecklistRefusal] ?? m.incident_refused_failed)();
}

/** Time left as m:ss, or how long past. */
export function describeTimeLeft(deadline: string, nowMs: number): { late: boolean; text: string } {
	const ms = Date.parse(deadline) - nowMs;
	const s = Math.floor(Math.abs(ms) / 1000);
	const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
	return ms > 0 ? { late: false, text: m.checklist_time_left({ time: clock }) } : { late: true, text: m.checklist_time_over({ time: clock }) };
}
