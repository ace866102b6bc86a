import { isTicketOpen, TICKET_STATUSES, type SlaStage, type Ticket, type TicketCategory, type TicketPriority, type TicketStatus } from './model';
import { currentStage, stageStateAt } from './timers';

/**
 * How a board and the console's panel read tickets at an instant: the stage each is racing,
 * its countdown, the filters and the order (most urgent first). Pure, no I/O: the components
 * pass the one shared clock's `now`.
 */

/** A ticket's clock as shown: `none` when no stage is timed (or it is closed). */
export type TimerState = 'none' | 'running' | 'warning' | 'breached';
export const TIMER_STATES: readonly TimerState[] = ['breached', 'warning', 'running', 'none'];

export interface TicketClock {
	stage: SlaStage | null;
	state: TimerState;
	/** ms left until the stage's deadline; negative once breached; null when none runs. */
	leftMs: number | null;
	dueAt: string | null;
}

/** The current stage's clock at `now`. */
export function clockOf(ticket: Ticket, now: number): TicketClock {
	const stage = isTicketOpen(ticket) ? currentStage(ticket) : null;
	const timer = stage ? ticket.sla[stage] : undefined;
	if (!stage || !timer) return { stage: null, state: 'none', leftMs: null, dueAt: null };
	const s = stageStateAt(timer, now);
	const state: TimerState = s.stage === 'warning' || s.stage === 'breached' || s.stage === 'running' ? s.stage : 'none';
	return { stage, state, leftMs: s.leftMs, dueAt: timer.dueAt };
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A countdown as mm:ss (h:mm:ss from an hour on; hours keep counting past a day), whole seconds
 * rounded towards the deadline. Once breached it counts up from the deadline with a leading `+`.
 */
export function formatCountdown(leftMs: number): string {
	const over = leftMs < 0;
	const s = over ? Math.floor(-leftMs / 1000) : Math.ceil(leftMs / 1000);
	const h = Math.floor(s / 3600);
	const body = h ? `${h}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}` : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
	return over ? `+${body}` : body;
}

/** An age in whole hours and minutes (`26:05`): the overnight board's. */
export function formatAge(ms: number): string {
	const minutes = Math.max(0, Math.floor(ms / 60_000));
	return `${Math.floor(minutes / 60)}:${pad(minutes % 60)}`;
}

/** What a board may be narrowed to; an absent field does not narrow. */
export interface TicketFilter {
	site?: string;
	status?: 'open' | 'closed' | 'all';
	category?: TicketCategory;
	priority?: TicketPriority;
	timer?: TimerState;
	department?: string;
	assignee?: string;
}

/** The tickets the filter keeps, at `now` (the timer state changes with the clock). Open only unless `status` says otherwise. */
export function filterTickets(tickets: Iterable<Ticket>, f: TicketFilter, now: number): Ticket[] {
	const status = f.status ?? 'open';
	const out: Ticket[] = [];
	for (const t of tickets) {
		if (f.site && t.site !== f.site) continue;
		if (status === 'open' && !isTicketOpen(t)) continue;
		if (status === 'closed' && isTicketOpen(t)) continue;
		if (f.category && t.category !== f.category) continue;
		if (f.priority && t.priority !== f.priority) continue;
		if (f.department && t.department !== f.department) continue;
		if (f.assignee && t.assignee !== f.assignee) continue;
		if (f.timer && clockOf(t, now).state !== f.timer) continue;
		out.push(t);
	}
	return out;
}

/** Open tickets whose current stage is past its deadline. */
export function countBreached(tickets: Iterable<Ticket>, now: number): number {
	let n = 0;
	for (const t of tickets) if (clockOf(t, now).state === 'breached') n++;
	return n;
}

/** Most urgent first: the least time left (the most overdue) first, untimed ones after, oldest first among equals. */
export function sortByUrgency(tickets: readonly Ticket[], now: number): Ticket[] {
	const left = new Map(tickets.map((t) => [t.id, clockOf(t, now).leftMs ?? Infinity]));
	return [...tickets].sort((a, b) => left.get(a.id)! - left.get(b.id)! || a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id));
}

/** Tickets by status, in flow order, for a board's columns. */
export function groupByStatus(tickets: readonly Ticket[]): { status: TicketStatus; tickets: Ticket[] }[] {
	return TICKET_STATUSES.map((status) => ({ status, tickets: tickets.filter((t) => t.status === status) }));
}

/**
 * The rows a live page shows: the server's list as loaded, with every row the live projection
 * has since sent replacing its own by id (a ticket closed or reopened meanwhile moves with it).
 */
export function mergeTickets(loaded: readonly Ticket[], live: readonly Ticket[]): Ticket[] {
	const byId = new Map(loaded.map((t) => [t.id, t]));
	for (const t of live) {
		const had = byId.get(t.id);
		if (!had || t.lastSeq >= had.lastSeq) byId.set(t.id, t);
	}
	return [...byId.values()];
}
