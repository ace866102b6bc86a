import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { DISPOSITIONS, type Disposition } from '$lib/domain/incident/model';
import { NOTE_MAX_LENGTH, type IncidentCommand, type IncidentRefusal } from '$lib/domain/incident/decide';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import type { IncidentVerb } from '$lib/domain/incident/verbs';
import { readJsonBody } from '$lib/server/http/json-body';
import { INCIDENT_ID } from '$lib/domain/incident/key';
import { ID_PATTERN } from '$lib/domain/device/message';
import { isGuardOfSite } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

/** The URL's verbs, as the API names them, and each one's body. */
const bodies: Record<IncidentVerb, z.ZodObject> = {
	ack: z.object({ disposition: z.enum(DISPOSITIONS).optional() }),
	assign: z.object({ assignee: z.string().trim().min(1).max(100) }),
	dispatch: z.object({ guard: z.string().regex(ID_PATTERN) }),
	arrive: z.object({}),
	note: z.object({ text: z.string().max(NOTE_MAX_LENGTH) }),
	/** A manager's written reason to resolve with required checklist steps still open. */
	resolve: z.object({ override: z.string().max(NOTE_MAX_LENGTH).optional() }),
	close: z.object({})
};
type Verb = IncidentVerb;

function commandOf(verb: Verb, body: Record<string, unknown>): IncidentCommand {
	switch (verb) {
		case 'ack':
			return { action: 'acknowledge', disposition: body.disposition as Disposition | undefined };
		case 'assign':
			return { action: 'assign', assignee: String(body.assignee) };
		case 'note':
			return { action: 'note', text: String(body.text) };
		case 'dispatch':
			return { action: 'dispatch', guard: String(body.guard) };
		case 'resolve':
			return { action: 'resolve', ...(typeof body.override === 'string' ? { override: body.override } : {}) };
		default:
			return { action: verb };
	}
}

/** Refusals about the input are 400; those about the incident's state are 409. */
const INPUT_REFUSALS: IncidentRefusal[] = ['unknown_guard', 'disposition_required', 'invalid_disposition', 'assignee_required', 'text_required', 'text_too_long', 'reason_required'];

/**
 * An operator's step: `POST /api/incidents/{id}/{ack|assign|dispatch|arrive|note|resolve|close}`.
 * 200 `{incident, event}`; 400 or 409 `{message, reason}` with a fixed reason code.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const verb: Verb = params.action;
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site) error(404, 'no such incident');
	const user = requireRole(locals.user, 'admin', 'manager', 'operator');
	requireSiteWatcher(user, site);
	const body = await readJsonBody(request, bodies[verb]);
	// Only a guard of the site's bundle has a phone to send to.
	if (verb === 'dispatch' && !(await isGuardOfSite(locals.runtime.sql, site, String(body.guard)))) {
		return json({ message: 'refused: unknown guard', reason: 'unknown_guard' }, { status: 400 });
	}
	const outcome = await locals.runtime.incidentCommand(user, params.id, commandOf(verb, body));
	if (!outcome.ok) {
		const status = outcome.reason === 'not_found' ? 404 : outcome.reason === 'override_not_allowed' ? 403 : INPUT_REFUSALS.includes(outcome.reason) ? 400 : 409;
		return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status });
	}
	return json({ incident: outcome.incident, event: outcome.event });
};
