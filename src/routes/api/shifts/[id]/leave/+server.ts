import { leaveShift } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

/** Sign off the shift: `{shift}`; 409 `not_on_duty`, `last_operator` (hand over instead), `shift_ended`. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const user = requireShiftUser(locals.user);
	return answerShiftOutcome(await leaveShift(locals.runtime.run, user, requireShiftId(params.id)));
};
