import type { EventEnvelope } from '$lib/domain/events';
import type { LocalizedName, SitePlan } from '$lib/domain/site/model';
import type { Place } from '$lib/domain/site/places';
import type { TicketDirectory, TicketSite } from '$lib/domain/ticket/directory';
import type { Ticket } from '$lib/domain/ticket/model';
import type { Queryable } from '../../db/client';
import type { Finding } from '$lib/domain/finding/findings';
import { getFinding } from '../finding/queries';
import { getPlacePath } from '../site/places';
import { getUserNames } from '../shift/queries';
import { readTicketDirectory } from './directory';
import { getTicket, getTicketHistory } from './queries';

/** A site's names for the ticket pages, or null for an unknown site. */
export async function readTicketSite(sql: Queryable, site: string): Promise<TicketSite | null> {
	const [row] = await sql<{ id: string; name: LocalizedName; time_zone: string; plan: SitePlan }[]>`select id, name, time_zone, plan from site where id = ${site}`;
	if (!row) return null;
	const buildingNames: Record<string, LocalizedName> = {};
	for (const f of row.plan?.features ?? []) if (f.properties.kind === 'building') buildingNames[f.properties.id] = f.properties.name;
	return { id: row.id, name: row.name, timeZone: row.time_zone, buildingNames };
}

/** Everyone a ticket and its history name: who opened, took, followed up, closed, was warned or reached. */
function listPeopleOfTicket(t: Ticket, history: readonly EventEnvelope[]): string[] {
	const ids = new Set<string>([t.openedBy, ...(t.closedBy ? [t.closedBy] : []), ...(t.assignee ? [t.assignee] : []), ...(t.steward ? [t.steward] : [])]);
	for (const f of t.followUps) ids.add(f.by);
	for (const e of history) {
		if (e.source.kind === 'user') ids.add(e.source.id);
		const d = e.data as { assignee?: unknown; to?: unknown };
		if (typeof d.assignee === 'string') ids.add(d.assignee);
		if (Array.isArray(d.to)) for (const id of d.to) if (typeof id === 'string') ids.add(id);
	}
	return [...ids];
}

export interface TicketPage {
	ticket: Ticket;
	history: EventEnvelope[];
	/** Display names of every account the ticket, its history and its site's organisation name. */
	names: Record<string, string>;
	/** Its place and the places above it, building first (empty without one). */
	place: Place[];
	directory: TicketDirectory;
	site: TicketSite | null;
	/** The guard's finding it was made of, when it was. */
	finding: Finding | null;
}

/** Everything a ticket's page shows, or null for an unknown ticket. */
export async function readTicketPage(sql: Queryable, id: string): Promise<TicketPage | null> {
	const ticket = await getTicket(sql, id);
	if (!ticket) return null;
	const fromFinding = ticket.origin.kind === 'finding' && ticket.origin.id ? ticket.origin.id : null;
	const [history, place, directory, site, finding] = await Promise.all([
		getTicketHistory(sql, ticket),
		ticket.place ? getPlacePath(sql, ticket.site, ticket.place) : Promise.resolve([]),
		readTicketDirectory(sql, ticket.site),
		readTicketSite(sql, ticket.site),
		fromFinding ? getFinding(sql, ticket.site, fromFinding) : Promise.resolve(null)
	]);
	const names = { ...directory.people, ...(await getUserNames(sql, listPeopleOfTicket(ticket, history))) };
	return { ticket, history, names, place, directory, site, finding };
}
