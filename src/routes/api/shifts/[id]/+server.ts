import { error, json } from '@sveltejs/kit';
import { readShiftRecord } from '$lib/server/domain/shift/record';
import { requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

/**
 * One shift's record: the shift (operators, duty log, handover and its sign-offs), the incidents
 * opened at its sites while it was on duty (those the caller may watch), and the names of the
 * people and sites it mentions.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = requireShiftUser(locals.user);
	const record = await readShiftRecord(locals.runtime.sql, requireShiftId(params.id), user, locals.runtime.clock.now());
	if (!record) error(404, 'no such shift');
	return json(record, { headers: { 'cache-control': 'no-store' } });
};
