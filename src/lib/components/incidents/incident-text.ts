import type { IncidentStatus } from '$lib/domain/incident/model';
import type { IncidentRefusal } from '$lib/domain/incident/decide';
import { m } from '$lib/paraglide/messages.js';
import { incidentKindName, severityNames } from '../live/event-text';

export const statusNames: Record<IncidentStatus, () => string> = {
	new: m.incident_status_new,
	acknowledged: m.incident_status_acknowledged,
	dispatched: m.incident_status_dispatched,
	on_scene: m.incident_status_on_scene,
	resolved: m.incident_status_resolved,
	closed: m.incident_status_closed
};

export const dispositionNames = {
	real: m.disposition_real,
	false_alarm: m.disposition_false_alarm,
	test: m.disposition_test,
	duplicate: m.disposition_duplicate
};

export { incidentKindName };

export const severityName = (s: string) => (severityNames[s] ?? (() => s))();

/** Why a step was refused, for the operator. */
export function refusalText(reason: IncidentRefusal | string): string {
	const texts: Record<IncidentRefusal, () => string> = {
		not_found: m.incident_refused_not_found,
		closed: m.incident_refused_closed,
		already_acknowledged: m.incident_refused_already_acknowledged,
		not_acknowledged: m.incident_refused_not_acknowledged,
		disposition_required: m.incident_refused_disposition_required,
		invalid_disposition: m.incident_refused_invalid,
		assignee_required: m.incident_refused_assignee_required,
		already_assigned: m.incident_refused_already_assigned,
		not_dispatched: m.incident_refused_not_dispatched,
		unknown_guard: m.incident_refused_unknown_guard,
		already_dispatched: m.incident_refused_already_dispatched,
		already_on_scene: m.incident_refused_already_on_scene,
		already_resolved: m.incident_refused_already_resolved,
		not_resolved: m.incident_refused_not_resolved,
		text_required: m.incident_refused_text_required,
		text_too_long: m.incident_refused_text_too_long,
		checklist_open: m.incident_refused_checklist_open,
		override_not_allowed: m.incident_refused_override_not_allowed,
		reason_required: m.incident_refused_reason_required
	};
	return (texts[reason as IncidentRefusal] ?? m.incident_refused_failed)();
}

/** Age as m:ss, or h:mm:ss past an hour: the live counter in the queue. */
export function formatAge(fromIso: string, nowMs: number): string {
	const s = Math.max(0, Math.floor((nowMs - Date.parse(fromIso)) / 1000));
	const hh = Math.floor(s / 3600);
	const mm = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return hh ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
