import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { CONTACT_FIELDS, revealReason } from '$lib/domain/resident/model';
import { clientMetaOf } from '$lib/server/auth/client-meta';
import { revealResidentContact } from '$lib/server/domain/resident/commands';
import { refuseResident, requireResidentOf, requireResidentRight } from '$lib/server/domain/resident/http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const reveal = z.strictObject({ field: z.enum(CONTACT_FIELDS), reason: revealReason });

/**
 * The real phone number or name `{field, reason}` → `{value}`, for an operator or manager calling
 * the resident back; each answer is a `ResidentContactRevealed` on the audit page, committed
 * before the value leaves. Never stored by a browser cache. 404; 409 `erased`.
 */
export const POST: RequestHandler = async (event) => {
	const user = requireResidentRight(event.locals.user, 'reveal');
	const r = await requireResidentOf(event.locals.runtime.sql, user, event.params.id);
	const body = await readJsonBody(event.request, reveal);
	const outcome = await revealResidentContact(event.locals.runtime.run, user, r.site, r.id, body, { address: clientMetaOf(event).address });
	if (!outcome.ok) return refuseResident(outcome.reason);
	return json({ value: outcome.value }, { headers: { 'cache-control': 'no-store' } });
};
