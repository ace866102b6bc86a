/** The ticket API's steps, as its URLs name them (`POST /api/tickets/{id}/{verb}`). */
export const TICKET_VERBS = ['assign', 'start', 'done', 'follow-up', 'close', 'reopen'] as const;
export type TicketVerb = (typeof TICKET_VERBS)[number];
export const isTicketVerb = (s: string): s is TicketVerb => (TICKET_VERBS as readonly string[]).includes(s);
