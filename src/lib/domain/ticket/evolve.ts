import type { EventEnvelope } from '../events';
import { rowSetProjection, type RowSet } from '../projection';
import { isTicketOpen, type Deadlines, type SlaStage, type SlaTimer, type Ticket } from './model';
import { isTicketEventType } from './events';

/** Start the clocks of the stages a decision timed; a stage given null stops being timed. */
function withDeadlines(sla: Ticket['sla'], deadlines: Deadlines, at: string): Ticket['sla'] {
	const next = { ...sla };
	for (const [stage, dueAt] of Object.entries(deadlines) as [SlaStage, string | null | undefined][]) {
		if (dueAt === undefined) continue;
		if (dueAt === null) delete next[stage];
		else next[stage] = { startedAt: at, dueAt, metAt: null, warnedAt: null, breachedAt: null, level: null };
	}
	return next;
}

/** Mark a stage met (once: a later step of the same kind does not move it). */
function met(sla: Ticket['sla'], stage: SlaStage, at: string): Ticket['sla'] {
	const t = sla[stage];
	return t && !t.metAt ? { ...sla, [stage]: { ...t, metAt: at } } : sla;
}

function onTimer(sla: Ticket['sla'], stage: SlaStage, change: (t: SlaTimer) => SlaTimer): Ticket['sla'] {
	const t = sla[stage];
	return t ? { ...sla, [stage]: change(t) } : sla;
}

/**
 * A ticket after one event of its own. Events are facts already decided
 * (`lib/domain/ticket/rules`), applied without re-checking; one at or below the ticket's last
 * seq changes nothing. Returns `current` itself when the event changes nothing.
 */
export function evolveTicket(current: Ticket | undefined, e: EventEnvelope): Ticket | undefined {
	const at = e.receivedAt;
	const by = e.source.id;
	if (e.type === 'TicketOpened') {
		if (current) return current;
		const d = e.data;
		return {
			id: d.ticket,
			site: e.site,
			category: d.category,
			priority: d.priority,
			status: d.assignee ? 'assigned' : 'open',
			description: d.description,
			place: d.place,
			zone: d.zone,
			point: d.point,
			origin: d.origin,
			resident: d.resident,
			department: d.department,
			assignee: d.assignee,
			steward: d.steward,
			photos: d.photos.map((hash) => ({ hash, stage: 'report' as const })),
			openedAt: at,
			openedBy: by,
			assignedAt: d.assignee ? at : null,
			startedAt: null,
			doneAt: null,
			doneNote: null,
			followUps: [],
			closedAt: null,
			closedBy: null,
			rework: 0,
			workingHours: d.workingHours,
			sla: d.assignee ? met(withDeadlines({}, d.deadlines, at), 'response', at) : withDeadlines({}, d.deadlines, at),
			lastSeq: e.seq
		};
	}
	if (!current || e.seq <= current.lastSeq) return current;
	const t = { ...current, lastSeq: e.seq };
	switch (e.type) {
		case 'TicketAssigned':
			return {
				...t,
				assignee: e.data.assignee,
				department: e.data.department ?? t.department,
				status: t.status === 'open' ? 'assigned' : t.status,
				assignedAt: t.assignedAt ?? at,
				sla: met(t.sla, 'response', at)
			};
		case 'TicketStarted':
			return {
				...t,
				status: 'in_progress',
				startedAt: t.startedAt ?? at,
				photos: [...t.photos, ...e.data.photos.map((hash) => ({ hash, stage: 'before' as const }))],
				sla: met(t.sla, 'arrival', at)
			};
		case 'TicketDone':
			return {
				...t,
				status: 'done',
				doneAt: at,
				doneNote: e.data.note,
				photos: [...t.photos, ...e.data.photos.map((hash) => ({ hash, stage: 'after' as const }))],
				sla: withDeadlines(met(met(t.sla, 'arrival', at), 'completion', at), e.data.deadlines, at)
			};
		case 'TicketFollowedUp': {
			const d = e.data;
			const followUp = { at, by, method: d.method, confirmed: d.confirmed, satisfaction: d.satisfaction, comment: d.comment };
			return { ...t, status: 'followed_up', followUps: [...t.followUps, followUp], sla: met(t.sla, 'follow_up', at) };
		}
		case 'TicketReopened': {
			// A fresh round of work: the stages timed again start from now; the follow-up waits for the next done.
			const { follow_up: _drop, ...rest } = t.sla;
			return {
				...t,
				status: t.assignee ? 'assigned' : 'open',
				rework: t.rework + 1,
				startedAt: null,
				doneAt: null,
				closedAt: null,
				closedBy: null,
				sla: withDeadlines(rest, e.data.deadlines, at)
			};
		}
		case 'TicketClosed':
			return { ...t, status: 'closed', closedAt: at, closedBy: by };
		case 'TicketUpdated': {
			const { ticket: _id, deadlines, ...fields } = e.data;
			const changed = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
			return { ...t, ...changed, sla: deadlines ? withDeadlines(t.sla, deadlines, at) : t.sla };
		}
		case 'TicketSlaWarned':
			return { ...t, sla: onTimer(t.sla, e.data.stage, (x) => ({ ...x, warnedAt: x.warnedAt ?? at })) };
		case 'TicketEscalated':
			return { ...t, sla: onTimer(t.sla, e.data.stage, (x) => ({ ...x, breachedAt: x.breachedAt ?? at, level: e.data.level })) };
		default:
			return current;
	}
}

/** The ticket an event concerns, or null for every other event. */
export function ticketIdOf(e: Pick<EventEnvelope, 'type' | 'data'>): string | null {
	return isTicketEventType(e.type) ? (e.data as { ticket: string }).ticket : null;
}

/** Apply one event to a site's tickets; the ticket it changed, if any. The rule the live projection and a replay both run. */
export function applyTicketEvent(rows: RowSet<Ticket>, e: EventEnvelope): Ticket | null {
	const id = ticketIdOf(e);
	if (!id) return null;
	const current = rows.get(id);
	const next = evolveTicket(current, e);
	if (!next || next === current) return null;
	rows.set(next);
	return next;
}

/** A site's tickets (`tickets`): a keyframe keeps them all (a closed one may be reopened), a console shows the open ones. */
export const tickets = rowSetProjection<Ticket>('tickets', (rows, e) => void applyTicketEvent(rows, e), {
	view: (rows) => [...rows.values()].filter(isTicketOpen)
});
