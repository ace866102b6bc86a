import type { DepartmentKind, EscalationLevel } from '$lib/domain/organisation/model';
import type { TimerState } from '$lib/domain/ticket/board';
import type { TicketDirectory } from '$lib/domain/ticket/directory';
import type { PhotoStage, SlaStage, TicketCategory, TicketOrigin, TicketPriority, TicketStatus } from '$lib/domain/ticket/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

/** Work orders in the reader's language: every code a ticket carries, named once. */

export const categoryNames: Record<TicketCategory, () => string> = {
	repair_water: m.ticket_category_repair_water,
	repair_electric: m.ticket_category_repair_electric,
	repair_elevator: m.ticket_category_repair_elevator,
	repair_door: m.ticket_category_repair_door,
	repair_other: m.ticket_category_repair_other,
	cleaning: m.ticket_category_cleaning,
	security: m.ticket_category_security,
	greenery: m.ticket_category_greenery,
	complaint: m.ticket_category_complaint,
	other: m.ticket_category_other
};

export const priorityNames: Record<TicketPriority, () => string> = { urgent: m.ticket_priority_urgent, normal: m.ticket_priority_normal };

export const statusNames: Record<TicketStatus, () => string> = {
	open: m.ticket_status_open,
	assigned: m.ticket_status_assigned,
	in_progress: m.ticket_status_in_progress,
	done: m.ticket_status_done,
	followed_up: m.ticket_status_followed_up,
	closed: m.ticket_status_closed
};

export const stageNames: Record<SlaStage, () => string> = {
	response: m.ticket_stage_response,
	arrival: m.ticket_stage_arrival,
	completion: m.ticket_stage_completion,
	follow_up: m.ticket_stage_follow_up
};

export const timerNames: Record<TimerState, () => string> = {
	breached: m.ticket_timer_breached,
	warning: m.ticket_timer_warning,
	running: m.ticket_timer_running,
	none: m.ticket_timer_none
};

export const originNames: Record<TicketOrigin, () => string> = {
	incident: m.ticket_origin_incident,
	finding: m.ticket_origin_finding,
	hotline: m.ticket_origin_hotline,
	api: m.ticket_origin_api
};

export const levelNames: Record<EscalationLevel, () => string> = {
	assignee: m.ticket_level_assignee,
	supervisor: m.ticket_level_supervisor,
	manager: m.ticket_level_manager,
	service_centre: m.ticket_level_service_centre
};

export const photoStageNames: Record<PhotoStage, () => string> = { report: m.ticket_photos_report, before: m.ticket_photos_before, after: m.ticket_photos_after };

export const methodNames: Record<'call' | 'visit', () => string> = { call: m.ticket_method_call, visit: m.ticket_method_visit };

export const departmentKindNames: Record<DepartmentKind, () => string> = {
	engineering: m.ticket_department_engineering,
	cleaning: m.ticket_department_cleaning,
	security: m.ticket_department_security,
	customer_service: m.ticket_department_customer_service,
	greenery: m.ticket_department_greenery,
	other: m.ticket_department_other
};

/** The five satisfaction ratings, 1 (very dissatisfied) to 5 (very satisfied). */
export const satisfactionNames: readonly (() => string)[] = [m.ticket_satisfaction_1, m.ticket_satisfaction_2, m.ticket_satisfaction_3, m.ticket_satisfaction_4, m.ticket_satisfaction_5];

/** A category read loosely (a code from a newer server shows as it is). */
export const categoryName = (c: string): string => (Object.hasOwn(categoryNames, c) ? categoryNames[c as TicketCategory]() : c);

/** A department by its name in the reader's language, else its id; "—" for none. */
export function departmentName(dir: TicketDirectory | undefined, id: string | null): string {
	if (!id) return '—';
	return dir?.departments.find((d) => d.id === id)?.name[getLocale()] ?? id;
}

/** A person by display name, else a short form of the account id; "—" for nobody. */
export function personName(dir: Pick<TicketDirectory, 'people'> | undefined, id: string | null, extra: Record<string, string> = {}): string {
	if (!id) return '—';
	return extra[id] ?? dir?.people[id] ?? (id.length > 12 ? `#${id.slice(0, 8)}` : id);
}

/** Who holds a ticket: its assignee, else its department's queue. */
export function holderName(dir: TicketDirectory | undefined, t: { assignee: string | null; department: string | null }): string {
	return t.assignee ? personName(dir, t.assignee) : t.department ? m.ticket_holder_queue({ department: departmentName(dir, t.department) }) : m.ticket_holder_nobody();
}

/** An instant on the site's clock in the reader's language: date and time, 24-hour. */
export function formatSiteTime(iso: string | null, timeZone: string | undefined): string {
	if (!iso) return '—';
	return new Date(iso).toLocaleString(getLocale(), { timeZone, hour12: false, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}

/** The source id of the scheduler's warnings and escalations (`TICKET_TIMER_SOURCE` on the server). */
export const TICKET_TIMER_SOURCE_ID = 'tickets';
