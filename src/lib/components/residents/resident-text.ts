import { m } from '$lib/paraglide/messages.js';
import type { ResidentProblem } from './resident-requests';

/** Why a residents' request failed, in the reader's language. */
export const residentProblemText: Record<ResidentProblem, () => string> = {
	unknown_place: m.residents_problem_unknown_place,
	unknown_site: m.residents_problem_unknown_site,
	not_found: m.residents_problem_not_found,
	erased: m.residents_problem_erased,
	invalid: m.residents_problem_invalid,
	forbidden: m.residents_problem_forbidden,
	failed: m.residents_problem_failed
};

const fieldNames: Record<string, () => string> = {
	name: m.resident_field_name,
	phone: m.resident_field_phone,
	unit: m.resident_field_unit,
	note: m.resident_field_note
};

const text = (v: unknown) => (typeof v === 'string' ? v : '');
const fieldName = (f: unknown) => (fieldNames[text(f)] ?? (() => text(f)))();

/**
 * A resident event's line for the console's feed, or undefined for another type. The events
 * carry ids and field names only, so the line does too (the reason stays on the audit page).
 */
export function describeResidentEvent(type: string, d: Record<string, unknown>): string | undefined {
	const resident = text(d.resident);
	switch (type) {
		case 'ResidentRecorded':
			return m.event_resident_recorded({ resident });
		case 'ResidentUpdated':
			return m.event_resident_updated({ resident, fields: (Array.isArray(d.fields) ? d.fields : []).map(fieldName).join(m.list_separator()) });
		case 'ResidentContactRevealed':
			return m.event_resident_revealed({ resident, field: fieldName(d.field) });
		case 'ResidentErased':
			return m.event_resident_erased({ resident });
	}
	return undefined;
}
