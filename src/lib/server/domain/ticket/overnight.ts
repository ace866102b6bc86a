import { lastEndOfDay, listOvernight, type OvernightTicket } from '$lib/domain/ticket/overnight';
import type { Queryable } from '../../db/client';
import { readTicketContext } from './context';
import { listOpenTickets } from './queries';

export interface OvernightBoard {
	site: string;
	/** The end of day it is judged against. */
	since: string;
	rows: OvernightTicket[];
}

/** A site's overnight board at `now`: its open tickets against its organisation's end of day, in its time zone. */
export async function readOvernightBoard(sql: Queryable, site: string, now: Date): Promise<OvernightBoard> {
	const [ctx, open] = await Promise.all([readTicketContext(sql, site, now), listOpenTickets(sql, site)]);
	const since = lastEndOfDay(now.getTime(), ctx.org.endOfDay, ctx.clock.timeZone);
	return { site, since: new Date(since).toISOString(), rows: listOvernight(open, now.getTime(), ctx.org.endOfDay, ctx.clock.timeZone) };
}
