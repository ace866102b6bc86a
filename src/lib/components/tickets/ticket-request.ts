import type { Ticket } from '$lib/domain/ticket/model';
import { m } from '$lib/paraglide/messages.js';

/**
 * What the ticket pages send and how a refusal reads: every request goes through `sendTicket`,
 * which answers the ticket or one fixed refusal code (the API's reasons, and a few of the
 * browser's own for an answer without one).
 */

export type TicketRefusalCode =
	| 'not_allowed'
	| 'wrong_status'
	| 'follow_up_required'
	| 'unknown_assignee'
	| 'unknown_department'
	| 'reason_required'
	| 'not_found'
	| 'unknown_origin'
	| 'origin_ticketed'
	| 'invalid'
	| 'forbidden'
	| 'failed';

const CODES: readonly string[] = ['not_allowed', 'wrong_status', 'follow_up_required', 'unknown_assignee', 'unknown_department', 'reason_required', 'not_found', 'unknown_origin', 'origin_ticketed'];

/** The refusal an answer carries: its reason when the API names one we know, else by status. */
export function refusalOfAnswer(status: number, body: unknown): TicketRefusalCode {
	const reason = typeof body === 'object' && body !== null && 'reason' in body ? (body as { reason: unknown }).reason : undefined;
	if (typeof reason === 'string' && CODES.includes(reason)) return reason as TicketRefusalCode;
	if (status === 401 || status === 403) return 'forbidden';
	if (status === 404) return 'not_found';
	if (status === 400 || status === 413 || status === 415) return 'invalid';
	return 'failed';
}

export const refusalTexts: Record<TicketRefusalCode, () => string> = {
	not_allowed: m.ticket_refused_not_allowed,
	wrong_status: m.ticket_refused_wrong_status,
	follow_up_required: m.ticket_refused_follow_up_required,
	unknown_assignee: m.ticket_refused_unknown_assignee,
	unknown_department: m.ticket_refused_unknown_department,
	reason_required: m.ticket_refused_reason_required,
	not_found: m.ticket_refused_not_found,
	unknown_origin: m.ticket_refused_unknown_origin,
	origin_ticketed: m.ticket_refused_origin_ticketed,
	invalid: m.ticket_refused_invalid,
	forbidden: m.ticket_refused_forbidden,
	failed: m.ticket_refused_failed
};

export type TicketAnswer = { ok: true; ticket: Ticket } | { ok: false; refusal: TicketRefusalCode };

/** POST a JSON body to a ticket endpoint: the ticket it answers, or why not. */
export async function sendTicket(path: string, body: unknown): Promise<TicketAnswer> {
	try {
		const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		const answer = await r.json().catch(() => null);
		if (r.ok && answer?.ticket) return { ok: true, ticket: answer.ticket as Ticket };
		return { ok: false, refusal: refusalOfAnswer(r.status, answer) };
	} catch {
		return { ok: false, refusal: 'failed' };
	}
}

/** Text typed in a form: trimmed, an empty one as null. */
export function textOrNull(typed: string): string | null {
	const t = typed.trim();
	return t ? t : null;
}

/** Where a ticket's page is. */
export const ticketHref = (id: string) => `/tickets/${encodeURIComponent(id)}`;
