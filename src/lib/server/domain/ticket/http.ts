import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import { siteOfTicket, TICKET_CATEGORIES, TICKET_PHOTOS_MAX, TICKET_PRIORITIES, TICKET_TEXT_MAX } from '$lib/domain/ticket/model';
import type { TicketCommandRefusal, TicketOutcome } from './commands';

/** A ticket id of a route's `[id]` and its site, or a 404. */
export function requireTicketId(id: string): { id: string; site: string } {
	const site = siteOfTicket(id);
	if (!site) error(404, 'no such ticket');
	return { id, site };
}

/**
 * Who may take a ticket's steps at a site: its watchers, and a guard-role account of the site
 * (field staff on their phones; the rules then let only the assignee or the desk move it).
 */
export function requireTicketUser(user: SessionUser | null, site: string): SessionUser {
	if (!user) error(401, 'sign in first');
	if (!canWatchSite(user, site) && !(user.role === 'guard' && user.sites.includes(site))) error(403, 'no access to this site');
	return user;
}

const INPUT: readonly TicketCommandRefusal[] = ['unknown_assignee', 'unknown_department', 'reason_required', 'unknown_origin'];

/** Refusals about what was sent are 400, an unknown ticket 404, a step the caller may not take 403, the others (the ticket's state) 409. */
export function refusalStatus(reason: TicketCommandRefusal): number {
	if (reason === 'not_found') return 404;
	if (reason === 'not_allowed') return 403;
	return INPUT.includes(reason) ? 400 : 409;
}

/** A command's answer: `{ticket}` (201 when one was opened), or `{message, reason}`. */
export function answerTicketOutcome(outcome: TicketOutcome, created = false): Response {
	if (!outcome.ok) return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status: refusalStatus(outcome.reason) });
	return json({ ticket: outcome.ticket }, { status: created ? 201 : 200 });
}

const photoHash = z.string().regex(/^[0-9a-f]{64}$/);
export const photosField = z.array(photoHash).max(TICKET_PHOTOS_MAX).default([]);
export const textField = z.string().trim().max(TICKET_TEXT_MAX);
const user = z.string().trim().min(1).max(64);

/** What a ticket is opened with, from the hotline form, an incident, a finding or another system. */
export const ticketFields = z.strictObject({
	category: z.enum(TICKET_CATEGORIES),
	priority: z.enum(TICKET_PRIORITIES).default('normal'),
	/** Say what is wrong and where; not the caller's name or number (those belong in the resident's record). */
	description: textField.min(1),
	place: z.string().trim().min(1).max(64).nullable().default(null),
	zone: z.string().trim().min(1).max(64).nullable().default(null),
	resident: z.string().trim().min(1).max(64).nullable().default(null),
	department: z.string().trim().min(1).max(32).nullable().default(null),
	assignee: user.nullable().default(null),
	photos: photosField
});
