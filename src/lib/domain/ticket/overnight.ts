import { instantOfLocal, localDayOf, minutesOf } from '../patrol/zoned-time';
import { isTicketOpen, type Ticket } from './model';

/**
 * "No problem stays open overnight" (问题不过夜): the tickets that were open at the site's last
 * end of day and still are. Pure, no I/O.
 */

/** The latest end of day at or before `now` in the site's zone. */
export function lastEndOfDay(now: number, endOfDay: string, timeZone: string): number {
	const today = localDayOf(now, timeZone);
	const atToday = instantOfLocal(today, minutesOf(endOfDay), timeZone);
	return atToday <= now ? atToday : instantOfLocal(today - 1, minutesOf(endOfDay), timeZone);
}

export interface OvernightTicket {
	ticket: Ticket;
	/** How long it has been open, in ms. */
	ageMs: number;
	/** Who holds it: the assignee, else its department's queue. */
	holder: { kind: 'user' | 'department' | 'nobody'; id: string | null };
}

/** Open tickets opened before the last end of day, oldest first. */
export function listOvernight(tickets: Iterable<Ticket>, now: number, endOfDay: string, timeZone: string): OvernightTicket[] {
	const cutoff = lastEndOfDay(now, endOfDay, timeZone);
	const out: OvernightTicket[] = [];
	for (const t of tickets) {
		if (!isTicketOpen(t) || Date.parse(t.openedAt) >= cutoff) continue;
		const holder = t.assignee
			? { kind: 'user' as const, id: t.assignee }
			: t.department
				? { kind: 'department' as const, id: t.department }
				: { kind: 'nobody' as const, id: null };
		out.push({ ticket: t, ageMs: now - Date.parse(t.openedAt), holder });
	}
	return out.sort((a, b) => b.ageMs - a.ageMs);
}
