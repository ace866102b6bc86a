import type { ParamMatcher } from '@sveltejs/kit';
import { isTicketVerb, type TicketVerb } from '$lib/domain/ticket/verbs';

/** Only the ticket API's known verbs route to its handler; anything else is a 404. */
export const match = ((param: string): param is TicketVerb => isTicketVerb(param)) satisfies ParamMatcher;
