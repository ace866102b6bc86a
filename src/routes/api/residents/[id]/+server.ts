import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { placeId, residentName, residentNote, residentPhone } from '$lib/domain/resident/model';
import { toResidentView } from '$lib/domain/resident/view';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { updateResident } from '$lib/server/domain/resident/commands';
import { answerResident, requireResidentOf, requireResidentRight } from '$lib/server/domain/resident/http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** One resident of the caller's sites, masked (an erased one too, `erased: true`); 404 otherwise. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = requireResidentRight(locals.user, 'see');
	const r = await requireResidentOf(locals.runtime.sql, user, params.id);
	return json({ resident: toResidentView(r, user.role) });
};

const patch = z.strictObject({ unit: placeId.optional(), name: residentName.optional(), phone: residentPhone.optional(), note: residentNote.optional() });

/**
 * Correct a resident `{unit?, name?, phone?, note?}` (an empty note clears it): 200 `{resident}`,
 * masked; 400 `unknown_place`; 404; 409 `erased`. A change names the fields in `ResidentUpdated`.
 */
export const PATCH: RequestHandler = async (event) => {
	const user = requireResidentRight(event.locals.user, 'edit');
	const r = await requireResidentOf(event.locals.runtime.sql, user, event.params.id);
	const body = await readJsonBody(event.request, patch);
	return answerResident(await updateResident(event.locals.runtime.run, user, r.site, r.id, body, { address: clientMetaOf(event).address }), user);
};
