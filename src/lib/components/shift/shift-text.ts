import type { LogKind } from '$lib/domain/shift/model';
import type { ShiftRefusal } from '$lib/domain/shift/rules';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

export const logKindNames: Record<LogKind, () => string> = {
	note: m.shift_log_kind_note,
	call: m.shift_log_kind_call,
	visitor: m.shift_log_kind_visitor,
	equipment_check: m.shift_log_kind_equipment_check
};

const refusals: Record<ShiftRefusal | 'not_found' | 'unknown_site' | 'failed', () => string> = {
	not_found: m.shift_refused_not_found,
	no_shift: m.shift_refused_no_shift,
	shift_on_duty: m.shift_refused_shift_on_duty,
	shift_ended: m.shift_refused_shift_ended,
	no_operators: m.shift_refused_no_operators,
	duplicate_operator: m.shift_refused_duplicate_operator,
	not_an_operator: m.shift_refused_not_an_operator,
	not_a_manager: m.shift_refused_not_a_manager,
	operators_only: m.shift_refused_operators_only,
	already_on_duty: m.shift_refused_already_on_duty,
	not_on_duty: m.shift_refused_not_on_duty,
	last_operator: m.shift_refused_last_operator,
	text_required: m.shift_refused_text_required,
	log_full: m.shift_refused_log_full,
	no_handover: m.shift_refused_no_handover,
	already_signed: m.shift_refused_already_signed,
	not_outgoing: m.shift_refused_not_outgoing,
	not_incoming: m.shift_refused_not_incoming,
	same_signer: m.shift_refused_same_signer,
	unknown_site: m.shift_refused_unknown_site,
	failed: m.shift_refused_failed
};

/** Why a shift command was refused, for the operator (any other answer reads as "not saved"). */
export function shiftRefusalText(reason: string | undefined): string {
	return (refusals[reason as keyof typeof refusals] ?? refusals.failed)();
}

/** A time of day on the console (the browser's zone), 24-hour. */
export const clockTime = (iso: string) => new Date(iso).toLocaleTimeString(getLocale(), { hour12: false, hour: '2-digit', minute: '2-digit' });

/**
 * A shift command from the console: POST `body` to `/api/shifts{path}`. Null when it was done
 * (the console sees the result live), else the refusal's text.
 */
export async function postShift(path: string, body: unknown = {}): Promise<string | null> {
	try {
		const r = await fetch(`/api/shifts${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		if (r.ok) return null;
		const answer = (await r.json().catch(() => null)) as { reason?: string } | null;
		return shiftRefusalText(answer?.reason);
	} catch {
		return shiftRefusalText('failed');
	}
}
