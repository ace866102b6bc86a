import { error, json } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { INCIDENT_ID } from '$lib/server/domain/incident/commands';
import { getIncident, getIncidentHistory } from '$lib/server/domain/incident/queries';
import type { RequestHandler } from './$types';

/** One incident and its history (its steps, and the source's raises and clears). */
export const GET: RequestHandler = async ({ params, locals }) => {
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site) error(404, 'no such incident');
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const incident = await getIncident(sql, params.id);
	if (!incident) error(404, 'no such incident');
	return json({ incident, events: await getIncidentHistory(sql, incident) }, { headers: { 'cache-control': 'no-store' } });
};
