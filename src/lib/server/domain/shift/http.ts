import { error, json } from '@sveltejs/kit';
import type { SessionUser } from '$lib/domain/access';
import { canFollowShifts, SHIFT_ID_PATTERN } from '$lib/domain/shift/model';
import { SHIFT_INPUT_REFUSALS, type ShiftRefusal } from '$lib/domain/shift/rules';
import type { ShiftCommandRefusal, ShiftOutcome } from './commands';

/** The shift id of a route's `[id]`, or a 404. */
export function requireShiftId(id: string): string {
	if (!SHIFT_ID_PATTERN.test(id)) error(404, 'no such shift');
	return id;
}

/** A signed-in operator, manager or administrator, or a 401/403 (the route table says the same; this narrows the type). */
export function requireShiftUser(user: SessionUser | null): SessionUser {
	if (!user) error(401, 'sign in first');
	if (!canFollowShifts(user)) error(403, 'not allowed for this role');
	return user;
}

/** Refusals about what was sent are 400, an unknown shift 404, a role that may not 403, the others (the shift's state) 409. */
export function refusalStatus(reason: ShiftCommandRefusal): number {
	if (reason === 'not_found') return 404;
	if (reason === 'operators_only') return 403;
	return SHIFT_INPUT_REFUSALS.includes(reason as ShiftRefusal) ? 400 : 409;
}

/** A command's answer: `{shift, started}` (201 when a shift was started), or `{message, reason}`. */
export function answerShiftOutcome(outcome: ShiftOutcome, created = false): Response {
	if (!outcome.ok) return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status: refusalStatus(outcome.reason) });
	return json({ shift: outcome.shift, started: outcome.started }, { status: created ? 201 : 200 });
}
