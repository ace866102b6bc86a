import { z } from 'zod';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { eraseResident } from '$lib/server/domain/resident/commands';
import { answerResident, requireResidentOf, requireResidentRight } from '$lib/server/domain/resident/http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * Erase the resident's personal data on their request (an administrator or manager): name,
 * phone and note are blanked for good; the id, site and unit stay for the tickets that name
 * them. 200 `{resident}` (`erased: true`); 404; 409 `erased` when already done.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireResidentRight(event.locals.user, 'erase');
	const r = await requireResidentOf(event.locals.runtime.sql, user, event.params.id);
	await readJsonBody(event.request, z.strictObject({}));
	return answerResident(await eraseResident(event.locals.runtime.run, user, r.site, r.id, { address: clientMetaOf(event).address }), user);
};
