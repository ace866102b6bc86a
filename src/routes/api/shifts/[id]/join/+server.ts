import { joinShift } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

/** Sign on to the shift: `{shift}`; 409 `already_on_duty`, `shift_ended`; 403 `operators_only`. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const user = requireShiftUser(locals.user);
	return answerShiftOutcome(await joinShift(locals.runtime.run, user, requireShiftId(params.id)));
};
