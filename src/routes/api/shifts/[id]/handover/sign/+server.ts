import { z } from 'zod';
import { HANDOVER_SIDES } from '$lib/domain/shift/model';
import { readJsonBody } from '$lib/server/http/json-body';
import { signHandover } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

const signature = z.strictObject({ side: z.enum(HANDOVER_SIDES) });

/**
 * Sign the handover `{side: outgoing|incoming}`: outgoing by an operator on duty, incoming by one
 * the handover names for the next shift, two different people. The second signature ends the
 * shift and starts the next: 200 `{shift, started}` (`started` null until then). 409
 * `no_handover`, `already_signed`, `not_outgoing`, `not_incoming`, `same_signer`, `shift_ended`.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const user = requireShiftUser(locals.user);
	const id = requireShiftId(params.id);
	const { side } = await readJsonBody(request, signature);
	return answerShiftOutcome(await signHandover(locals.runtime.run, user, id, side));
};
