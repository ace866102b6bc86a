import { error, json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { INCIDENT_ID } from '$lib/domain/incident/key';
import { getActorNames, getIncident, getIncidentHistory } from '$lib/server/domain/incident/queries';
import { getChecklist } from '$lib/server/domain/checklist/queries';
import { getProcedureVersion } from '$lib/server/domain/procedure/queries';
import type { RequestHandler } from './$types';

/**
 * One incident, its history (its steps, checklist steps, and the source's raises and clears), the
 * names of who took the steps, its `checklist` (null when its kind has no procedure) and the
 * `procedure` version the checklist follows, texts in all three languages.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site) error(404, 'no such incident');
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const incident = await getIncident(sql, params.id);
	if (!incident) error(404, 'no such incident');
	// The checklist first, then the history: a step committed between the two reads is then in the
	// history too, never shown done on the checklist with no event saying so.
	const checklist = await getChecklist(sql, incident.id);
	const events = await getIncidentHistory(sql, incident);
	const procedure = checklist ? await getProcedureVersion(sql, checklist.procedure, checklist.version) : null;
	return json({ incident, checklist, procedure, events, actors: await getActorNames(sql, events) }, { headers: { 'cache-control': 'no-store' } });
};
