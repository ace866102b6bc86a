import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { siteOfIncident } from '$lib/domain/incident/key';
import { ticketDefaultsOf } from '$lib/domain/ticket/from-incident';
import { TICKET_CATEGORIES, TICKET_PRIORITIES } from '$lib/domain/ticket/model';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { getIncident } from '$lib/server/domain/incident/queries';
import { openTicket } from '$lib/server/domain/ticket/commands';
import { answerTicketOutcome, photosField, textField } from '$lib/server/domain/ticket/http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const body = z.strictObject({
	category: z.enum(TICKET_CATEGORIES).optional(),
	priority: z.enum(TICKET_PRIORITIES).optional(),
	description: textField.min(1).optional(),
	department: z.string().trim().min(1).max(32).nullable().default(null),
	assignee: z.string().trim().min(1).max(64).nullable().default(null),
	photos: photosField
});

/**
 * A work order from an incident, in one click: its place, zone and alarm point, a category and
 * priority from its kind and severity (each may be given instead), and a link back (`origin`).
 * 201 `{ticket}`; 404 for an unknown incident.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const site = siteOfIncident(params.id);
	if (!site) error(404, 'no such incident');
	const user = requireSiteWatcher(locals.user, site);
	const input = await readJsonBody(request, body);
	const { run, sql } = locals.runtime;
	const incident = await getIncident(sql, params.id);
	if (!incident) error(404, 'no such incident');
	const defaults = ticketDefaultsOf(incident);
	const description = input.description ?? incident.opened?.note ?? incident.text ?? `${incident.alarmType} ${incident.device}/${incident.point}`;
	const outcome = await openTicket(run, user, site, {
		...defaults,
		category: input.category ?? defaults.category,
		priority: input.priority ?? defaults.priority,
		description,
		resident: null,
		department: input.department,
		assignee: input.assignee,
		photos: input.photos,
		origin: { kind: 'incident', id: incident.id }
	});
	return answerTicketOutcome(outcome, true);
};
