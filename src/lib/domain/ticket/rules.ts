import type { Role } from '../access';
import { routeByZone, type DepartmentKind, type Organisation } from '../organisation/model';
import type { TicketEventData, TicketEventType } from './events';
import { isRepair, needsFollowUp, type SlaStage, type Ticket, type TicketCategory, type TicketPriority, type TicketStatus } from './model';
import { deadlinesFrom, serviceLevelOf, type ServiceLevelOverrides, type SiteClock } from './service-levels';

/**
 * What may happen to a ticket, decided on it as it stands: the events to append, or a refusal.
 * Pure, no I/O: the command reads the ticket, the site's organisation and clock, and appends.
 */

export type TicketRefusal = 'not_allowed' | 'wrong_status' | 'follow_up_required' | 'unknown_assignee' | 'unknown_department' | 'reason_required';
type Out = { [T in TicketEventType]: { type: T; data: TicketEventData[T] } }[TicketEventType];
export type TicketDecision = { ok: true; events: Out[] } | { ok: false; reason: TicketRefusal };

export interface TicketActor {
	id: string;
	role: Role;
}

/** What the rules read besides the ticket: the site's organisation and how it counts time. */
export interface TicketContext {
	org: Organisation;
	overrides?: ServiceLevelOverrides;
	clock: SiteClock;
	now: Date;
}

/** The service desk: who records, routes, follows up and closes. */
const DESK: readonly Role[] = ['admin', 'manager', 'operator'];
export const isDesk = (actor: TicketActor): boolean => DESK.includes(actor.role);
/** The desk, the assignee, or their department's supervisor: who may move the work along. */
function mayWork(t: Ticket, actor: TicketActor, org: Organisation): boolean {
	if (isDesk(actor) || actor.id === t.assignee) return true;
	return org.departments.some((d) => d.id === t.department && d.supervisor === actor.id);
}

const ok = (...events: Out[]): TicketDecision => ({ ok: true, events });
const no = (reason: TicketRefusal): TicketDecision => ({ ok: false, reason });
const allMembers = (org: Organisation) => new Set(org.departments.flatMap((d) => [...d.members, ...(d.supervisor ? [d.supervisor] : [])]));

/** Which kind of department answers for a category when no zone routes it. */
export const DEPARTMENT_FOR: Record<TicketCategory, DepartmentKind> = {
	repair_water: 'engineering',
	repair_electric: 'engineering',
	repair_elevator: 'engineering',
	repair_door: 'engineering',
	repair_other: 'engineering',
	cleaning: 'cleaning',
	security: 'security',
	greenery: 'greenery',
	complaint: 'customer_service',
	other: 'customer_service'
};

/** What a ticket is opened with: its own fields as the ticket keeps them, and its report photos by hash. */
export type NewTicket = Pick<Ticket, 'category' | 'priority' | 'description' | 'place' | 'zone' | 'point' | 'origin' | 'resident' | 'department' | 'assignee'> & {
	photos: string[];
};

/**
 * Open a ticket. Routing: a department named wins; else the zone's grid steward's department
 * (the steward recorded); else the first department of the category's kind. An assignee given at
 * opening meets the response stage at once.
 */
export function decideOpen(id: string, input: NewTicket, actor: TicketActor, ctx: TicketContext): TicketDecision {
	if (!isDesk(actor)) return no('not_allowed');
	const { org } = ctx;
	const routed = routeByZone(org, input.zone);
	const department = input.department ?? routed?.department ?? org.departments.find((d) => d.kind === DEPARTMENT_FOR[input.category])?.id ?? null;
	if (department !== null && !org.departments.some((d) => d.id === department)) return no('unknown_department');
	if (input.assignee !== null && !allMembers(org).has(input.assignee)) return no('unknown_assignee');
	const sl = serviceLevelOf(input.category, input.priority, ctx.overrides);
	const deadlines = deadlinesFrom(ctx.now.getTime(), ['response', 'arrival', 'completion'], sl, ctx.clock);
	return ok({
		type: 'TicketOpened',
		data: { ticket: id, ...input, department, steward: routed?.steward ?? null, workingHours: sl.workingHours, deadlines }
	});
}

const ASSIGNABLE: readonly TicketStatus[] = ['open', 'assigned', 'in_progress'];

export function decideAssign(t: Ticket, actor: TicketActor, input: { assignee: string; department?: string | null }, ctx: TicketContext): TicketDecision {
	if (!mayWork(t, actor, ctx.org) || (actor.id === t.assignee && !isDesk(actor))) return no('not_allowed');
	if (!ASSIGNABLE.includes(t.status)) return no('wrong_status');
	const department = input.department ?? ctx.org.departments.find((d) => d.members.includes(input.assignee) || d.supervisor === input.assignee)?.id ?? t.department;
	if (!allMembers(ctx.org).has(input.assignee)) return no('unknown_assignee');
	if (department !== null && !ctx.org.departments.some((d) => d.id === department)) return no('unknown_department');
	return ok({ type: 'TicketAssigned', data: { ticket: t.id, assignee: input.assignee, department } });
}

export function decideStart(t: Ticket, actor: TicketActor, input: { photos: string[] }, ctx: TicketContext): TicketDecision {
	if (!mayWork(t, actor, ctx.org)) return no('not_allowed');
	if (t.status !== 'assigned') return no('wrong_status');
	return ok({ type: 'TicketStarted', data: { ticket: t.id, photos: input.photos } });
}

/** Work done; a ticket to be followed up starts its follow-up clock now. */
export function decideDone(t: Ticket, actor: TicketActor, input: { note: string | null; photos: string[] }, ctx: TicketContext): TicketDecision {
	if (!mayWork(t, actor, ctx.org)) return no('not_allowed');
	if (t.status !== 'in_progress' && !(t.status === 'assigned' && !isRepair(t.category))) return no('wrong_status');
	const stages: SlaStage[] = needsFollowUp(t) ? ['follow_up'] : [];
	const deadlines = deadlinesFrom(ctx.now.getTime(), stages, serviceLevelOf(t.category, t.priority, ctx.overrides), ctx.clock);
	return ok({ type: 'TicketDone', data: { ticket: t.id, note: input.note, photos: input.photos, deadlines } });
}

export interface FollowUpInput {
	method: 'call' | 'visit';
	confirmed: boolean;
	satisfaction: number;
	comment: string | null;
}

/** A rating of 1–2, or a resident who says it is not fixed, sends the work back as rework in the same step. */
export function decideFollowUp(t: Ticket, actor: TicketActor, input: FollowUpInput, ctx: TicketContext): TicketDecision {
	if (!isDesk(actor)) return no('not_allowed');
	if (t.status !== 'done') return no('wrong_status');
	const followed: Out = { type: 'TicketFollowedUp', data: { ticket: t.id, ...input } };
	if (input.satisfaction >= 3 && input.confirmed) return ok(followed);
	return ok(followed, reopening(t, 'rework', input.comment, ctx));
}

function reopening(t: Ticket, reason: 'rework' | 'manual', note: string | null, ctx: TicketContext): Out {
	const stages: SlaStage[] = t.assignee ? ['arrival', 'completion'] : ['response', 'arrival', 'completion'];
	const deadlines = deadlinesFrom(ctx.now.getTime(), stages, serviceLevelOf(t.category, t.priority, ctx.overrides), ctx.clock);
	return { type: 'TicketReopened', data: { ticket: t.id, reason, note, deadlines } };
}

export function decideReopen(t: Ticket, actor: TicketActor, input: { note: string }, ctx: TicketContext): TicketDecision {
	if (!isDesk(actor)) return no('not_allowed');
	if (!['done', 'followed_up', 'closed'].includes(t.status)) return no('wrong_status');
	if (!input.note.trim()) return no('reason_required');
	return ok(reopening(t, 'manual', input.note.trim(), ctx));
}

/** Close: after the follow-up where one is owed ("every complaint gets a follow-up"), else once done. */
export function decideClose(t: Ticket, actor: TicketActor, input: { note: string | null }): TicketDecision {
	if (!isDesk(actor)) return no('not_allowed');
	if (t.status === 'done' && needsFollowUp(t)) return no('follow_up_required');
	if (t.status !== 'done' && t.status !== 'followed_up') return no('wrong_status');
	return ok({ type: 'TicketClosed', data: { ticket: t.id, note: input.note } });
}

export interface TicketPatch {
	category?: TicketCategory;
	priority?: TicketPriority;
	description?: string;
	place?: string | null;
	resident?: string | null;
	department?: string | null;
}

/** Correct a ticket before its work is done; a new category or priority re-times the stages not yet met, from opening. */
export function decideUpdate(t: Ticket, actor: TicketActor, patch: TicketPatch, ctx: TicketContext): TicketDecision {
	if (!isDesk(actor)) return no('not_allowed');
	if (t.status === 'closed') return no('wrong_status');
	if (patch.department != null && !ctx.org.departments.some((d) => d.id === patch.department)) return no('unknown_department');
	const data: TicketEventData['TicketUpdated'] = { ticket: t.id, ...patch };
	const category = patch.category ?? t.category;
	const priority = patch.priority ?? t.priority;
	if (category !== t.category || priority !== t.priority) {
		const unmet = (['response', 'arrival', 'completion'] as const).filter((s) => !t.sla[s]?.metAt);
		data.deadlines = deadlinesFrom(Date.parse(t.openedAt), unmet, serviceLevelOf(category, priority, ctx.overrides), ctx.clock);
	}
	return ok({ type: 'TicketUpdated', data });
}
