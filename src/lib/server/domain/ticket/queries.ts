import type { EventEnvelope } from '$lib/domain/events';
import type { Ticket } from '$lib/domain/ticket/model';
import type { Queryable } from '../../db/client';
import { envelopeOf, type EventRow } from '../../event-log/read';

/** One ticket as stored, or null. */
export async function getTicket(sql: Queryable, id: string): Promise<Ticket | null> {
	const [row] = await sql<{ state: Ticket }[]>`select state from ticket where id = ${id}`;
	return row?.state ?? null;
}

/** These tickets as stored. */
export async function listTicketsById(sql: Queryable, ids: readonly string[]): Promise<Ticket[]> {
	if (!ids.length) return [];
	return (await sql<{ state: Ticket }[]>`select state from ticket where id = any(${ids as string[]})`).map((r) => r.state);
}

/** A site's open tickets, oldest first: what a console's panel and the board show. */
export async function listOpenTickets(sql: Queryable, site: string): Promise<Ticket[]> {
	return (await sql<{ state: Ticket }[]>`select state from ticket where site = ${site} and closed_at is null order by opened_at`).map((r) => r.state);
}

/** Every ticket the table holds for a site. */
export async function listAllTickets(sql: Queryable, site: string): Promise<Ticket[]> {
	return (await sql<{ state: Ticket }[]>`select state from ticket where site = ${site}`).map((r) => r.state);
}

export interface TicketFilter {
	sites: readonly string[];
	status?: 'open' | 'closed' | 'all';
	category?: string;
	department?: string;
	assignee?: string;
	resident?: string;
	origin?: { kind: string; id: string };
	limit: number;
}

/** Tickets of the given sites, newest first, narrowed by the filter. */
export async function searchTickets(sql: Queryable, f: TicketFilter): Promise<Ticket[]> {
	const status = f.status ?? 'open';
	const rows = await sql<{ state: Ticket }[]>`
		select state from ticket
		where site = any(${f.sites as string[]})
		${status === 'open' ? sql`and closed_at is null` : status === 'closed' ? sql`and closed_at is not null` : sql``}
		${f.category ? sql`and category = ${f.category}` : sql``}
		${f.department ? sql`and department = ${f.department}` : sql``}
		${f.assignee ? sql`and assignee = ${f.assignee}` : sql``}
		${f.resident ? sql`and resident = ${f.resident}` : sql``}
		${f.origin ? sql`and origin_kind = ${f.origin.kind} and origin_id = ${f.origin.id}` : sql``}
		order by opened_at desc
		limit ${f.limit}`;
	return rows.map((r) => r.state);
}

/** The next ticket number of a site: read under the site's stream lock, so two openings never share one. */
export async function getNextTicketNumber(sql: Queryable, site: string): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int + 1 as n from ticket where site = ${site}`;
	return row.n;
}

/** A ticket's history: every event of its own, in seq order. */
export async function getTicketHistory(sql: Queryable, ticket: Pick<Ticket, 'id' | 'site'>): Promise<EventEnvelope[]> {
	const rows = await sql<EventRow[]>`
		select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data
		from event where stream = ${ticket.site} and type like 'Ticket%' and data ->> 'ticket' = ${ticket.id}
		order by seq`;
	return rows.map(envelopeOf);
}

/** How many complaints a resident made since `since` (their tickets of category complaint). */
export async function countComplaintsOf(sql: Queryable, resident: string, since: Date): Promise<number> {
	const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ticket where resident = ${resident} and category = 'complaint' and opened_at >= ${since}`;
	return row.n;
}
