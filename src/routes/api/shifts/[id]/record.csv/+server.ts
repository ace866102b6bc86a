import { error } from '@sveltejs/kit';
import { formatShiftRecordCsv } from '$lib/domain/shift/record-csv';
import { readShiftRecord } from '$lib/server/domain/shift/record';
import { requireShiftId, requireShiftUser } from '$lib/server/domain/shift/http';
import type { RequestHandler } from './$types';

/** A shift's record as CSV for the fire department's inspection (`formatShiftRecordCsv`: UTF-8 with a BOM). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = requireShiftUser(locals.user);
	const id = requireShiftId(params.id);
	const record = await readShiftRecord(locals.runtime.sql, id, user, locals.runtime.clock.now());
	if (!record) error(404, 'no such shift');
	return new Response(formatShiftRecordCsv(record), {
		headers: { 'cache-control': 'no-store', 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="shift-${id}.csv"` }
	});
};
