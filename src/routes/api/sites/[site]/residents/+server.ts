import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { getResidentRights } from '$lib/domain/resident/access';
import { MASKED_PHONE_SEARCH_DIGITS, placeId, residentName, residentNote, residentPhone } from '$lib/domain/resident/model';
import { toResidentView } from '$lib/domain/resident/view';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { recordResident } from '$lib/server/domain/resident/commands';
import { answerResident, requireResidentRight } from '$lib/server/domain/resident/http';
import { searchResidents } from '$lib/server/domain/resident/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const search = z.object({
	unit: placeId.optional(),
	phone: z.string().regex(/^[0-9]{1,20}$/).optional(),
	q: z.string().trim().min(1).max(40).optional(),
	erased: z.enum(['0', '1']).optional()
});

/**
 * The site's residents, masked: at a place or under it (`unit`), by the last digits of their
 * number (`phone`), by part of the name or place (`q`); `erased=1` lists erased ones too. At most
 * 100. Roles that may not reveal contacts search by at most the last 4 digits (what the mask
 * shows) and their `q` matches places only, so no search spells out what the mask hides.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	const user = requireResidentRight(locals.user, 'see');
	const parsed = search.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'unit (a place id), phone (digits), q (1–40 characters) must be valid');
	const { unit, phone, q, erased } = parsed.data;
	const mayReveal = getResidentRights(user.role).reveal;
	if (phone && !mayReveal && phone.length > MASKED_PHONE_SEARCH_DIGITS) error(403, 'search by at most the last 4 digits');
	const found = await searchResidents(locals.runtime.sql, params.site, { unit, phoneSuffix: phone, q, qMatchesName: mayReveal, includeErased: erased === '1' });
	return json({ residents: found.map((r) => toResidentView(r, user.role)) });
};

const record = z.strictObject({ unit: placeId, name: residentName, phone: residentPhone, note: residentNote.default('') });

/**
 * Record a resident `{unit, name, phone, note?}` living at a place of the site: 201
 * `{resident}` (masked, as every answer); 400 `unknown_place`; 404 `unknown_site`.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireResidentRight(event.locals.user, 'edit');
	const body = await readJsonBody(event.request, record);
	const outcome = await recordResident(event.locals.runtime.run, user, event.params.site, body, { address: clientMetaOf(event).address });
	return answerResident(outcome, user, 201);
};
