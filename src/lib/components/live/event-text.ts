import { isTestStamped, type UnnumberedEnvelope } from '$lib/domain/events';
import { m } from '$lib/paraglide/messages.js';
import { getLocale, type Locale } from '$lib/paraglide/runtime.js';
import { describeFindingCategory } from '../findings/finding-text';
import { describeResidentEvent } from '../residents/resident-text';
import { describeNotificationEvent } from '../notifications/notification-event-text';
import { categoryName, levelNames, priorityNames, stageNames } from '../tickets/ticket-text';

export const alarmNames: Record<string, () => string> = {
	fire: m.alarm_fire,
	smoke: m.alarm_smoke,
	intrusion: m.alarm_intrusion,
	door_forced: m.alarm_door_forced,
	door_held: m.alarm_door_held,
	elevator_entrapment: m.alarm_elevator_entrapment,
	water_leak: m.alarm_water_leak,
	power_failure: m.alarm_power_failure,
	gas: m.alarm_gas,
	panic: m.alarm_panic,
	equipment_fault: m.alarm_equipment_fault,
	other: m.alarm_other
};

const methodNames: Record<string, () => string> = { nfc: m.method_nfc, qr: m.method_qr, manual: m.method_manual };

export const severityNames: Record<string, () => string> = {
	critical: m.severity_critical,
	major: m.severity_major,
	minor: m.severity_minor,
	warning: m.severity_warning
};

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** Incident steps by event type: the feed's lines and the audit page's type names. */
export const incidentStepNames = {
	IncidentAcknowledged: m.audit_type_IncidentAcknowledged,
	IncidentAssigned: m.audit_type_IncidentAssigned,
	IncidentArrived: m.audit_type_IncidentArrived,
	IncidentDispatched: m.audit_type_IncidentDispatched,
	IncidentDispatchAccepted: m.audit_type_IncidentDispatchAccepted,
	IncidentNoted: m.audit_type_IncidentNoted,
	IncidentResolved: m.audit_type_IncidentResolved,
	IncidentClosed: m.audit_type_IncidentClosed,
	IncidentEscalated: m.audit_type_IncidentEscalated
} satisfies Record<string, () => string>;
const incidentSteps: Record<string, () => string> = incidentStepNames;

/** A test window's device and point, as the console names them. */
export function describeTestTarget(t: { device: string; point?: string | null }): string {
	return t.point ? m.test_target_point({ device: t.device, point: t.point }) : m.test_target_device({ device: t.device });
}

/** Names from the site bundle (and its patrol plans) for the ids an event carries; an id without one is shown as it is. */
export interface EventNames {
	guard?(site: string, id: string): string | undefined;
	checkpoint?(site: string, id: string): string | undefined;
	route?(site: string, id: string): string | undefined;
	/** A round as people tell it apart: its route and planned start. */
	round?(site: string, id: string): string | undefined;
	/** An instant as HH:MM on the site's clock. */
	time?(site: string, iso: string): string | undefined;
	/** A checklist step's title, and a choice's answer, as the incident's procedure version words them. */
	step?(incident: string, step: string): string | undefined;
	answer?(incident: string, step: string, answer: string): string | undefined;
	/** A person (an account id a work order names) by display name. */
	person?(id: string): string | undefined;
}

/** The event as one line in the console's language; marked when received under test. Values are rendered as text, never HTML. */
export function describeEvent(e: UnnumberedEnvelope, names: EventNames = {}): string {
	const line = describeEventLine(e, names);
	return isTestStamped(e) ? m.event_test_marked({ line }) : line;
}

function describeEventLine(e: UnnumberedEnvelope, names: EventNames): string {
	switch (e.type) {
		case 'CheckpointScanned':
			return m.event_checkpoint_scanned({
				guard: names.guard?.(e.site, text(e.data.guard)) ?? text(e.data.guard),
				checkpoint: names.checkpoint?.(e.site, text(e.data.checkpoint)) ?? text(e.data.checkpoint), method: (methodNames[text(e.data.method)] ?? (() => text(e.data.method)))() });
		case 'AlarmRaised':
			// A guard's panic press: the guard and where they last scanned, not a device's point.
			if (typeof e.data.guard === 'string') {
				const guard = names.guard?.(e.site, e.data.guard) ?? e.data.guard;
				const checkpoint = names.checkpoint?.(e.site, text(e.data.point)) ?? text(e.data.point);
				return m.event_panic_pressed({ guard, checkpoint });
			}
		// falls through
		case 'AlarmCleared': {
			const params = { type: (alarmNames[text(e.data.type)] ?? m.alarm_other)(), point: text(e.data.point), zone: text(e.data.zone) || '—' };
			return e.type === 'AlarmRaised' ? m.event_alarm_raised(params) : m.event_alarm_cleared(params);
		}
		case 'DeviceCameOnline':
			return m.event_device_online({ device: e.source.id });
		case 'DeviceWentOffline':
			return m.event_device_offline({ device: e.source.id });
		case 'DeviceCreated':
			return m.event_device_created({ device: text(e.data.device) });
		case 'DeviceCredentialRotated':
			return m.event_device_rotated({ device: text(e.data.device) });
		case 'DeviceCredentialRevoked':
			return m.event_device_revoked({ device: text(e.data.device) });
		case 'TestModeStarted': {
			const until = new Date(text(e.data.until)).toLocaleTimeString(getLocale(), { hour12: false, hour: '2-digit', minute: '2-digit' });
			return m.event_test_started({ target: describeTestTarget({ device: text(e.data.device), point: text(e.data.point) }), until, reason: text(e.data.reason) });
		}
		case 'TestModeEnded': {
			const target = describeTestTarget({ device: text(e.data.device), point: text(e.data.point) });
			return e.data.how === 'expired' ? m.event_test_expired({ target }) : m.event_test_ended({ target });
		}
		case 'SiteImported':
			return m.event_site_imported({ features: String(e.data.features ?? 0), devices: String(e.data.devices ?? 0) });
		case 'IncidentOpened': {
			const kind = incidentKindName({ alarmType: e.data.kind });
			if (e.data.drill) return m.event_drill_started({ kind, point: e.data.target?.point ?? '—' });
			return m.event_incident_opened({ kind, place: e.data.place ?? '—', note: e.data.note ?? '' });
		}
		case 'ProcedurePublished':
			return m.event_procedure_published({ procedure: incidentKindName({ alarmType: e.data.procedure }), version: String(e.data.version) });
		case 'OrganisationUpdated':
			return m.event_organisation_updated({ version: String(e.data.version) });
		case 'IncidentResolved':
			if (e.data.override) return m.event_incident_resolved_over({ incident: e.data.incident, reason: e.data.override.reason });
			return m.event_incident_step({ step: incidentSteps[e.type](), incident: e.data.incident });
		default:
			const checklist = describeChecklistEvent(e, names);
			if (checklist) return checklist;
			const patrol = describeRoundEvent(e.type, e.site, e.data as Record<string, unknown>, names);
			if (patrol) return patrol;
			const resident = describeResidentEvent(e.type, e.data as Record<string, unknown>);
			if (resident) return resident;
			const ticket = describeTicketEvent(e.type, e.site, e.data as Record<string, unknown>, names);
			if (ticket) return ticket;
			const notification = describeNotificationEvent(e.type, e.data as Record<string, unknown>);
			if (notification) return notification;
			if (incidentSteps[e.type] && 'incident' in e.data) return m.event_incident_step({ step: incidentSteps[e.type](), incident: text(e.data.incident) });
			return m.event_unknown({ type: e.type });
	}
}


/** A checklist event's line, or undefined for another type. */
function describeChecklistEvent(e: UnnumberedEnvelope, names: EventNames): string | undefined {
	if (!e.type.startsWith('Checklist')) return undefined;
	const d = e.data as { incident: string; step?: string; answer?: string; reason?: string; limitMinutes?: number; procedure?: string; version?: number };
	const step = () => names.step?.(d.incident, text(d.step)) ?? text(d.step);
	switch (e.type) {
		case 'ChecklistAttached':
			return m.event_checklist_attached({ incident: d.incident, version: String(d.version) });
		case 'ChecklistStepDone':
			return m.event_checklist_step_done({ step: step(), incident: d.incident });
		case 'ChecklistStepAnswered':
			return m.event_checklist_step_answered({ step: step(), answer: names.answer?.(d.incident, text(d.step), text(d.answer)) ?? text(d.answer), incident: d.incident });
		case 'ChecklistStepSkipped':
			return m.event_checklist_step_skipped({ step: step(), reason: text(d.reason), incident: d.incident });
		case 'ChecklistStepOverdue':
			return m.event_checklist_step_overdue({ step: step(), minutes: String(d.limitMinutes ?? ''), incident: d.incident });
	}
	return undefined;
}

const clockTime = (iso: unknown) => new Date(text(iso)).toLocaleTimeString(getLocale(), { hour12: false, hour: '2-digit', minute: '2-digit' });

/** A patrol event's line, or undefined for another type; read loosely, as the feed also shows events from before a schema grew. */
function describeRoundEvent(type: string, site: string, d: Record<string, unknown>, names: EventNames): string | undefined {
	const guard = () => names.guard?.(site, text(d.guard)) ?? text(d.guard);
	const checkpoint = () => names.checkpoint?.(site, text(d.checkpoint)) ?? text(d.checkpoint);
	const route = () => names.route?.(site, text(d.route)) ?? text(d.route);
	const round = () => names.round?.(site, text(d.round)) ?? text(d.round);
	const time = (iso: unknown) => names.time?.(site, text(iso)) ?? clockTime(iso);
	switch (type) {
		case 'RouteDefined': {
			const name = (d.name as Record<string, string> | undefined)?.[getLocale()] ?? text(d.route);
			return m.event_route_defined({ route: name, count: String(Array.isArray(d.stops) ? d.stops.length : 0) });
		}
		case 'RouteRemoved':
			return m.event_route_removed({ route: route() });
		case 'ScheduleDefined':
			return m.event_schedule_defined({ schedule: text(d.schedule), route: route() });
		case 'ScheduleRemoved':
			return m.event_schedule_removed({ schedule: text(d.schedule) });
		case 'RoundScheduled':
			return m.event_round_scheduled({ route: route(), time: time(d.plannedStart) });
		case 'RoundClaimed':
			return m.event_round_claimed({ guard: guard(), round: round() });
		case 'CheckpointSkipped':
			return m.event_checkpoint_skipped({ checkpoint: checkpoint(), round: round(), reason: text(d.reason) });
		case 'RoundWindowClosed':
			return m.event_round_window_closed({ checkpoint: checkpoint(), round: round() });
		case 'GuardSilenceNoted':
			return m.event_guard_silence_noted({ guard: guard(), time: time(d.since), round: round() });
		case 'MissedCheckpointScanned': {
			const state = d.state === 'on_time' ? m.incident_patrol_uploaded_late() : m.checkpoint_state_late();
			return m.event_missed_checkpoint_scanned({ checkpoint: checkpoint(), round: round(), state });
		}
		case 'GuardContactResumed':
			return m.event_guard_contact_resumed({ guard: guard(), round: round() });
		case 'GuardCheckedIn':
			return m.event_guard_checked_in({ guard: guard() });
		case 'FindingReported': {
			const said = { guard: guard(), category: describeFindingCategory(text(d.category)), text: text(d.text) || m.findings_no_text() };
			return d.checkpoint ? m.event_finding_reported({ ...said, checkpoint: checkpoint() }) : m.event_finding_reported_nowhere(said);
		}
		case 'IncidentDispatched':
			return m.event_incident_dispatched({ guard: guard(), incident: text(d.incident) });
		case 'IncidentDispatchAccepted':
			return m.event_incident_dispatch_accepted({ guard: guard(), incident: text(d.incident) });
		case 'IncidentArrived':
			if (!d.guard) return undefined;
			return m.event_incident_arrived_by_scan({ guard: guard(), incident: text(d.incident), checkpoint: checkpoint(), time: time(d.scannedAt) });
	}
}

// Work orders (tickets): the feed's and the history's lines, and the audit page's type names.

/** Ticket steps by event type: the audit page's type names. */
export const ticketStepNames = {
	TicketOpened: m.audit_type_TicketOpened,
	TicketAssigned: m.audit_type_TicketAssigned,
	TicketStarted: m.audit_type_TicketStarted,
	TicketDone: m.audit_type_TicketDone,
	TicketFollowedUp: m.audit_type_TicketFollowedUp,
	TicketClosed: m.audit_type_TicketClosed,
	TicketReopened: m.audit_type_TicketReopened,
	TicketUpdated: m.audit_type_TicketUpdated,
	TicketSlaWarned: m.audit_type_TicketSlaWarned,
	TicketEscalated: m.audit_type_TicketEscalated
} satisfies Record<string, () => string>;

/** A ticket event's line, or undefined for another type; read loosely (codes from a newer server show as they are). */
function describeTicketEvent(type: string, site: string, d: Record<string, unknown>, names: EventNames): string | undefined {
	if (!type.startsWith('Ticket')) return undefined;
	const ticket = text(d.ticket);
	const person = (id: unknown) => names.person?.(text(id)) ?? text(id);
	const stage = () => (stageNames[text(d.stage) as keyof typeof stageNames] ?? (() => text(d.stage)))();
	const time = (iso: unknown) => names.time?.(site, text(iso)) ?? clockTime(iso);
	switch (type) {
		case 'TicketOpened': {
			const priority = (priorityNames[text(d.priority) as keyof typeof priorityNames] ?? (() => text(d.priority)))();
			return m.event_ticket_opened({ ticket, category: categoryName(text(d.category)), priority });
		}
		case 'TicketAssigned':
			return m.event_ticket_assigned({ ticket, person: person(d.assignee) });
		case 'TicketStarted':
			return m.event_ticket_started({ ticket });
		case 'TicketDone':
			return m.event_ticket_done({ ticket });
		case 'TicketFollowedUp':
			return m.event_ticket_followed_up({ ticket, satisfaction: String(d.satisfaction ?? '?') });
		case 'TicketClosed':
			return m.event_ticket_closed({ ticket });
		case 'TicketReopened':
			return d.reason === 'rework' ? m.event_ticket_rework({ ticket }) : m.event_ticket_reopened({ ticket, note: text(d.note) });
		case 'TicketUpdated':
			return m.event_ticket_updated({ ticket });
		case 'TicketSlaWarned':
			return m.event_ticket_sla_warned({ ticket, stage: stage(), time: time(d.dueAt) });
		case 'TicketEscalated': {
			const level = (levelNames[text(d.level) as keyof typeof levelNames] ?? (() => text(d.level)))();
			return m.event_ticket_escalated({ ticket, stage: stage(), level });
		}
	}
	return undefined;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const YEAR_MS = 365.2425 * DAY_MS;

/**
 * How far a device's clock is off, in the largest unit that reads well: a clock that reads 1970
 * is "56 years behind", not some 29 million minutes. `skewMs` is at − receivedAt.
 */
export function describeClockSkew(skewMs: number, locale: Locale = getLocale()): string {
	const opts = { locale };
	const size = Math.abs(skewMs);
	const count = (unit: number) => Math.max(1, Math.round(size / unit)).toLocaleString(locale);
	const amount =
		size < 2 * HOUR_MS
			? m.clock_minutes({ count: count(MINUTE_MS) }, opts)
			: size < 2 * DAY_MS
				? m.clock_hours({ count: count(HOUR_MS) }, opts)
				: size < YEAR_MS
					? m.clock_days({ count: count(DAY_MS) }, opts)
					: m.clock_years({ count: count(YEAR_MS) }, opts);
	return skewMs > 0 ? m.clock_ahead({ amount }, opts) : m.clock_behind({ amount }, opts);
}

/** The kinds that are not a device's alarm type. */
const otherKindNames: Record<string, () => string> = {
	communication_fault: m.incident_comm_fault,
	patrol_exception: m.incident_patrol_exception,
	guard_not_responding: m.incident_guard_not_responding,
	medical_emergency: m.incident_kind_medical_emergency,
	typhoon: m.incident_kind_typhoon,
	snow_ice: m.incident_kind_snow_ice
};

/** What happened, in the reader's language: the alarm type, a device that stopped reporting, or a patrol gone wrong. */
export function incidentKindName(i: { alarmType: string }): string {
	return (otherKindNames[i.alarmType] ?? alarmNames[i.alarmType] ?? m.alarm_other)();
}
