import { error } from '@sveltejs/kit';
import { readShiftRecord } from '$lib/server/domain/shift/record';
import { requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { PageServerLoad } from './$types';

/** A shift's record to print (Chromium's print, or `page.pdf()`): the same record the CSV and `GET /api/shifts/{id}` give. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const user = requireShiftUser(locals.user);
	const record = await readShiftRecord(locals.runtime.sql, requireShiftId(params.id), user, locals.runtime.clock.now());
	if (!record) error(404, 'no such shift');
	return { record };
};
