import { z } from 'zod';
import { LOG_KINDS, LOG_TEXT_MAX } from '$lib/domain/shift/model';
import { readJsonBody } from '$lib/server/http/json-body';
import { writeDutyLog } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

const entry = z.strictObject({ kind: z.enum(LOG_KINDS), text: z.string().max(LOG_TEXT_MAX) });

/**
 * A duty log entry `{kind: note|call|visitor|equipment_check, text}` by an operator on duty or
 * the manager on duty: 201 `{shift}`; 400 `text_required`; 409 `not_on_duty`, `shift_ended`, `log_full`.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const user = requireShiftUser(locals.user);
	const id = requireShiftId(params.id);
	const body = await readJsonBody(request, entry);
	return answerShiftOutcome(await writeDutyLog(locals.runtime.run, user, id, body), true);
};
