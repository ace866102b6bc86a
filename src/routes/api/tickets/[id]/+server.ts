import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { TICKET_CATEGORIES, TICKET_PRIORITIES } from '$lib/domain/ticket/model';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { getActorNames } from '$lib/server/domain/incident/queries';
import { updateTicket } from '$lib/server/domain/ticket/commands';
import { answerTicketOutcome, requireTicketId, textField } from '$lib/server/domain/ticket/http';
import { countComplaintsOf, getTicket, getTicketHistory } from '$lib/server/domain/ticket/queries';
import { getResident } from '$lib/server/domain/resident/queries';
import { getResidentRights } from '$lib/domain/resident/access';
import { complaintRecordOf, complaintWindowStart } from '$lib/domain/resident/complaints';
import { toResidentView } from '$lib/domain/resident/view';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** A ticket, its history in seq order, the names of the people in it, and its resident (masked) with their complaint record. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const { id, site } = requireTicketId(params.id);
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const ticket = await getTicket(sql, id);
	if (!ticket) error(404, 'no such ticket');
	const [history, resident] = await Promise.all([getTicketHistory(sql, ticket), ticket.resident ? getResident(sql, ticket.resident) : null]);
	// The resident as the caller may see them (masked), with their complaint record; none for roles that may not see residents.
	const caller = locals.user!;
	const shown = resident && getResidentRights(caller.role).see ? { ...toResidentView(resident, caller.role), ...complaintRecordOf(await countComplaintsOf(sql, resident.id, complaintWindowStart(locals.runtime.clock.now()))) } : null;
	return json({ ticket, history, names: await getActorNames(sql, history), resident: shown }, { headers: { 'cache-control': 'no-store' } });
};

const patch = z
	.strictObject({
		category: z.enum(TICKET_CATEGORIES),
		priority: z.enum(TICKET_PRIORITIES),
		description: textField.min(1),
		place: z.string().trim().min(1).max(64).nullable(),
		resident: z.string().trim().min(1).max(64).nullable(),
		department: z.string().trim().min(1).max(32).nullable()
	})
	.partial()
	.refine((p) => Object.keys(p).length > 0, 'name at least one field');

/**
 * Correct a ticket before it closes: any of `{category, priority, description, place, resident,
 * department}`. A new category or priority re-times the stages not yet met. 200 `{ticket}`.
 */
export const PATCH: RequestHandler = async ({ params, request, locals }) => {
	const { id, site } = requireTicketId(params.id);
	const user = requireSiteWatcher(locals.user, site);
	const body = await readJsonBody(request, patch);
	return answerTicketOutcome(await updateTicket(locals.runtime.run, user, id, body));
};
