import type { EventEnvelope } from '../events';
import type { Organisation } from '../organisation/model';
import type { NotificationKind, NotificationParams, NotificationRef } from './model';

/**
 * Who is told what: from one event, the notice it calls for (kind, subject, recipients). Pure:
 * the caller reads the site's organisation, the manager on duty and the guards' accounts.
 */

export interface NoticeContext {
	org: Organisation;
	/** The current shift's manager on duty, or null. */
	managerOnDuty: string | null;
	/** The account a guard of the site walks as, or undefined. */
	accountOfGuard(guard: string): string | undefined;
}

export interface Notice {
	kind: NotificationKind;
	ref: NotificationRef;
	params: NotificationParams;
	to: string[];
}

/** The event types that may call for a notice: a batch without one reads nothing. */
export const NOTIFYING_TYPES: ReadonlySet<string> = new Set([
	'TicketOpened',
	'TicketAssigned',
	'TicketSlaWarned',
	'TicketEscalated',
	'TicketReopened',
	'IncidentEscalated',
	'IncidentDispatched',
	'ChecklistStepSkipped',
	'ChecklistStepOverdue'
]);

const managers = (ctx: NoticeContext): string[] => [...new Set([ctx.managerOnDuty, ctx.org.manager].filter((u): u is string => !!u))];

/** The notice an event calls for, or null. Whoever took the step is not told of it. */
export function noticeOf(e: EventEnvelope, ctx: NoticeContext, ticketAssignee: (ticket: string) => string | null): Notice | null {
	const notice = ((): Notice | null => {
		switch (e.type) {
			case 'TicketOpened':
				return e.data.assignee ? { kind: 'ticket_assigned', ref: { type: 'ticket', id: e.data.ticket }, params: {}, to: [e.data.assignee] } : null;
			case 'TicketAssigned':
				return { kind: 'ticket_assigned', ref: { type: 'ticket', id: e.data.ticket }, params: {}, to: [e.data.assignee] };
			case 'TicketSlaWarned':
				return { kind: 'ticket_warning', ref: { type: 'ticket', id: e.data.ticket }, params: { stage: e.data.stage, dueAt: e.data.dueAt }, to: e.data.to };
			case 'TicketEscalated':
				return {
					kind: 'ticket_escalated',
					ref: { type: 'ticket', id: e.data.ticket },
					params: { stage: e.data.stage, level: e.data.level, dueAt: e.data.dueAt },
					to: e.data.to
				};
			case 'TicketReopened': {
				const assignee = ticketAssignee(e.data.ticket);
				return assignee ? { kind: 'ticket_reopened', ref: { type: 'ticket', id: e.data.ticket }, params: { reason: e.data.reason }, to: [assignee] } : null;
			}
			case 'IncidentEscalated':
				return { kind: 'incident_escalated', ref: { type: 'incident', id: e.data.incident }, params: { level: e.data.level }, to: managers(ctx) };
			case 'IncidentDispatched': {
				const account = ctx.accountOfGuard(e.data.guard);
				return account ? { kind: 'incident_dispatched', ref: { type: 'incident', id: e.data.incident }, params: { guard: e.data.guard }, to: [account] } : null;
			}
			case 'ChecklistStepSkipped':
				return { kind: 'checklist_skipped', ref: { type: 'incident', id: e.data.incident }, params: { step: e.data.step }, to: managers(ctx) };
			case 'ChecklistStepOverdue':
				return { kind: 'checklist_overdue', ref: { type: 'incident', id: e.data.incident }, params: { step: e.data.step }, to: managers(ctx) };
			default:
				return null;
		}
	})();
	if (!notice) return null;
	const to = notice.to.filter((u) => !(e.source.kind === 'user' && e.source.id === u));
	return { ...notice, to: [...new Set(to)] };
}

/** A person's choice: which kinds reach them on which channels, and whether to repeat until acknowledged. */
export interface NotificationRule {
	user: string;
	kind: NotificationKind;
	channels: string[];
	repeatEvery: number | null;
}

/** A channel that takes every notice of some kinds at some sites (a team's group robot). */
export interface ChannelSubscription {
	channel: string;
	kinds: NotificationKind[];
	/** Null: every site. */
	sites: string[] | null;
}

/**
 * Where a notice goes out: the channels its recipients chose for its kind, and the channels that
 * take its kind at its site; once each. It repeats at the shortest interval a recipient asked for.
 */
export function deliveriesOf(
	notice: Notice,
	site: string,
	rules: readonly NotificationRule[],
	subscriptions: readonly ChannelSubscription[]
): { channels: string[]; repeatEvery: number | null } {
	const channels = new Set<string>();
	let repeatEvery: number | null = null;
	for (const r of rules) {
		if (r.kind !== notice.kind || !notice.to.includes(r.user)) continue;
		for (const c of r.channels) channels.add(c);
		if (r.repeatEvery !== null) repeatEvery = repeatEvery === null ? r.repeatEvery : Math.min(repeatEvery, r.repeatEvery);
	}
	for (const s of subscriptions) if (s.kinds.includes(notice.kind) && (s.sites === null || s.sites.includes(site))) channels.add(s.channel);
	return { channels: [...channels].sort(), repeatEvery };
}
