import { error, json } from '@sveltejs/kit';
import type { SessionUser } from '$lib/domain/access';
import { getResidentRights, isOfSite, type ResidentRights } from '$lib/domain/resident/access';
import { RESIDENT_ID_PATTERN, type ResidentRecord } from '$lib/domain/resident/model';
import { toResidentView } from '$lib/domain/resident/view';
import type { Queryable } from '../../db/client';
import type { ResidentOutcome, ResidentRefusal } from './commands';
import { getResident } from './queries';

/** A signed-in user with this right over residents, or a 401/403 (the route table says the same; this narrows the type). */
export function requireResidentRight(user: SessionUser | null, right: keyof ResidentRights): SessionUser {
	if (!user) error(401, 'sign in first');
	if (!getResidentRights(user.role)[right]) error(403, 'not allowed for this role');
	return user;
}

/**
 * The resident a `/api/residents/[id]` route names, if the caller belongs to its site. A
 * resident of another site is answered 404, as one that does not exist: the id alone tells
 * nothing about whether someone is on record elsewhere.
 */
export async function requireResidentOf(sql: Queryable, user: SessionUser, id: string): Promise<ResidentRecord> {
	if (!RESIDENT_ID_PATTERN.test(id)) error(404, 'no such resident');
	const r = await getResident(sql, id);
	if (!r || !isOfSite(user, r.site)) error(404, 'no such resident');
	return r;
}

/** Input refusals are 400, a resident or site that is not there 404, an erased resident 409. */
export function residentRefusalStatus(reason: ResidentRefusal): number {
	if (reason === 'unknown_place') return 400;
	if (reason === 'erased') return 409;
	return 404;
}

/** A command's answer: the resident as the caller may see them, or `{message, reason}`. */
export function answerResident(outcome: ResidentOutcome<ResidentRecord>, user: SessionUser, status = 200): Response {
	if (!outcome.ok) return refuseResident(outcome.reason);
	return json({ resident: toResidentView(outcome.value, user.role) }, { status });
}

export function refuseResident(reason: ResidentRefusal): Response {
	return json({ message: `refused: ${reason.replaceAll('_', ' ')}`, reason }, { status: residentRefusalStatus(reason) });
}
