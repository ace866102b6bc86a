import { json } from '@sveltejs/kit';
import { complaintRecordOf, complaintWindowStart } from '$lib/domain/resident/complaints';
import { requireResidentOf, requireResidentRight } from '$lib/server/domain/resident/http';
import { countComplaintsOf, searchTickets } from '$lib/server/domain/ticket/queries';
import type { RequestHandler } from './$types';

/**
 * A resident's history: every ticket they reported, newest first (200 at most), and their
 * complaint record (`complaints` in the last 90 days, `repeat` from 3). Their erasure leaves the
 * tickets: the history stays, by id.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const user = requireResidentRight(locals.user, 'see');
	const { sql, clock } = locals.runtime;
	const r = await requireResidentOf(sql, user, params.id);
	const [tickets, complaints] = await Promise.all([
		searchTickets(sql, { sites: [r.site], status: 'all', resident: r.id, limit: 200 }),
		countComplaintsOf(sql, r.id, complaintWindowStart(clock.now()))
	]);
	return json({ tickets, ...complaintRecordOf(complaints) }, { headers: { 'cache-control': 'no-store' } });
};
