import { z } from 'zod';
import type { SessionUser } from '$lib/domain/access';
import type { TicketVerb } from '$lib/domain/ticket/verbs';
import type { RunCommand } from '$lib/server/commands';
import { assignTicket, closeTicket, finishTicket, followUpTicket, reopenTicket, startTicket, type TicketOutcome } from '$lib/server/domain/ticket/commands';
import { answerTicketOutcome, photosField, requireTicketId, requireTicketUser, textField } from '$lib/server/domain/ticket/http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const note = textField.nullable().default(null).transform((s) => (s ? s : null));

/** Each step's body and command. */
const STEPS: { [V in TicketVerb]: { body: z.ZodType; run: (run: RunCommand, user: SessionUser, id: string, body: never) => Promise<TicketOutcome> } } = {
	assign: {
		body: z.strictObject({ assignee: z.string().trim().min(1).max(64), department: z.string().trim().min(1).max(32).nullable().optional() }),
		run: assignTicket
	},
	start: { body: z.strictObject({ photos: photosField }), run: startTicket },
	done: { body: z.strictObject({ note, photos: photosField }), run: finishTicket },
	'follow-up': {
		body: z.strictObject({
			method: z.enum(['call', 'visit']).default('call'),
			confirmed: z.boolean(),
			satisfaction: z.number().int().min(1).max(5),
			/** What the resident said; not their name or number. */
			comment: note
		}),
		run: followUpTicket
	},
	close: { body: z.strictObject({ note }), run: closeTicket },
	reopen: { body: z.strictObject({ note: textField.min(1) }), run: reopenTicket }
};

/**
 * A step of a ticket's flow: `POST /api/tickets/{id}/{assign|start|done|follow-up|close|reopen}`.
 * 200 `{ticket}`; 400, 403, 404 or 409 `{message, reason}` with a fixed reason code.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const { id, site } = requireTicketId(params.id);
	const user = requireTicketUser(locals.user, site);
	const step = STEPS[params.action];
	const body = await readJsonBody(request, step.body);
	return answerTicketOutcome(await step.run(locals.runtime.run, user, id, body as never));
};
