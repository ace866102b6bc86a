import { z } from 'zod';
import { HANDOVER_NOTES_MAX, SHIFT_OPERATORS_MAX } from '$lib/domain/shift/model';
import { readJsonBody } from '$lib/server/http/json-body';
import { proposeHandover } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

const proposal = z.strictObject({
	next: z.strictObject({
		operators: z.array(z.string().min(1).max(64)).max(SHIFT_OPERATORS_MAX),
		managerOnDuty: z.string().min(1).max(64)
	}),
	notes: z.string().max(HANDOVER_NOTES_MAX).default('')
});

/**
 * Propose the handover to the next shift `{next: {operators, managerOnDuty}, notes?}`, by an
 * operator on duty. The open incidents and unfinished checklists at the shift's sites are listed
 * now and kept with it; a new proposal replaces the last and its signatures. 200 `{shift}`;
 * 400 `no_operators`, `duplicate_operator`, `not_an_operator`, `not_a_manager`; 409 `not_on_duty`, `shift_ended`.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const user = requireShiftUser(locals.user);
	const id = requireShiftId(params.id);
	const body = await readJsonBody(request, proposal);
	return answerShiftOutcome(await proposeHandover(locals.runtime.run, user, id, body));
};
