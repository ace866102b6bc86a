import type { EscalationLevel } from '../organisation/escalation';

/**
 * Work orders (tickets): what a report becomes once it is recorded and routed to the department
 * that answers for it. The events are the history; a `Ticket` is their projection
 * (`evolveTicket`). Pure, no I/O.
 */

export const TICKET_CATEGORIES = [
	'repair_water',
	'repair_electric',
	'repair_elevator',
	'repair_door',
	'repair_other',
	'cleaning',
	'security',
	'greenery',
	'complaint',
	'other'
] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const isRepair = (c: TicketCategory): boolean => c.startsWith('repair_');

export const TICKET_PRIORITIES = ['urgent', 'normal'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** In flow order; `closed` is the end, and a reopened ticket goes back to `assigned` (or `open`). */
export const TICKET_STATUSES = ['open', 'assigned', 'in_progress', 'done', 'followed_up', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['open', 'assigned', 'in_progress', 'done', 'followed_up'];
export const isTicketOpen = (t: { status: TicketStatus }): boolean => t.status !== 'closed';

/** Where a ticket came from: an incident, a guard's finding, the hotline, or another system by API. */
export const TICKET_ORIGINS = ['incident', 'finding', 'hotline', 'api'] as const;
export type TicketOrigin = (typeof TICKET_ORIGINS)[number];

/** The service-level stages: each is met by one step of the flow. */
export const SLA_STAGES = ['response', 'arrival', 'completion', 'follow_up'] as const;
export type SlaStage = (typeof SLA_STAGES)[number];

/** Deadlines as decided when a stage's clock started (ISO instants), null where the stage does not apply. */
export type Deadlines = Partial<Record<SlaStage, string | null>>;

/** One stage's clock: when it is due, when it was met, and how far its breach has been escalated. */
export interface SlaTimer {
	startedAt: string;
	dueAt: string;
	metAt: string | null;
	warnedAt: string | null;
	breachedAt: string | null;
	/** The highest rung of the chain reached (the breach itself reaches the supervisor). */
	level: EscalationLevel | null;
}

export type FollowUpMethod = 'call' | 'visit';

export interface FollowUp {
	at: string;
	by: string;
	method: FollowUpMethod;
	/** The resident confirmed the work was done. */
	confirmed: boolean;
	/** 1 (very dissatisfied) … 5 (very satisfied). */
	satisfaction: number;
	comment: string | null;
}

export type PhotoStage = 'report' | 'before' | 'after';

export interface Ticket {
	/** `{site}-T{n}`, numbered per site in creation order. */
	id: string;
	site: string;
	category: TicketCategory;
	priority: TicketPriority;
	status: TicketStatus;
	description: string;
	/** A place id of the site's tree (`T1-2-1804`), or null. */
	place: string | null;
	/** The zone of the plan, which names its grid steward. */
	zone: string | null;
	/** The alarm point it concerns (from an incident), placing it on the map. */
	point: { device: string; point: string } | null;
	origin: { kind: TicketOrigin; id: string | null };
	/** The resident who reported it, by id (their name and phone stay in the residents table). */
	resident: string | null;
	department: string | null;
	assignee: string | null;
	/** The zone's grid steward when it was opened. */
	steward: string | null;
	photos: { hash: string; stage: PhotoStage }[];
	openedAt: string;
	openedBy: string;
	assignedAt: string | null;
	startedAt: string | null;
	doneAt: string | null;
	doneNote: string | null;
	followUps: FollowUp[];
	closedAt: string | null;
	closedBy: string | null;
	/** Times it was reopened (a follow-up rated 1–2 or a manual reopen). */
	rework: number;
	/** Whether its clocks count only the site's working hours. */
	workingHours: boolean;
	sla: Partial<Record<SlaStage, SlaTimer>>;
	lastSeq: number;
}

/** Complaints and tickets a resident reported are followed up before they close. */
export const needsFollowUp = (t: Pick<Ticket, 'category' | 'resident'>): boolean => t.category === 'complaint' || t.resident !== null;

/** Longest description, note or comment. */
export const TICKET_TEXT_MAX = 2000;
export const TICKET_PHOTOS_MAX = 9;

/** A ticket's id: its site and its number there (`lakeside-T42`). */
export const ticketIdFor = (site: string, n: number): string => `${site}-T${n}`;

/** The site a ticket id names, or null for an id no ticket can have. */
export function siteOfTicket(id: string): string | null {
	const i = id.lastIndexOf('-T');
	return i > 0 && /^\d+$/.test(id.slice(i + 2)) ? id.slice(0, i) : null;
}
