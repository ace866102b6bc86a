import { error, json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { INCIDENT_ID } from '$lib/domain/incident/key';
import { getActorNames, getIncident, getIncidentHistory } from '$lib/server/domain/incident/queries';
import type { RequestHandler } from './$types';

/** One incident, its history (its steps, and the source's raises and clears) and the names of who took the steps. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site) error(404, 'no such incident');
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const incident = await getIncident(sql, params.id);
	if (!incident) error(404, 'no such incident');
	const events = await getIncidentHistory(sql, incident);
	return json({ incident, events, actors: await getActorNames(sql, events) }, { headers: { 'cache-control': 'no-store' } });
};
