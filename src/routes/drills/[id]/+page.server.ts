import { error } from '@sveltejs/kit';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { INCIDENT_ID } from '$lib/domain/incident/key';
import { buildDrillReport } from '$lib/domain/checklist/drill-report';
import { getActorNames, getIncident, getIncidentHistory } from '$lib/server/domain/incident/queries';
import { getChecklist } from '$lib/server/domain/checklist/queries';
import { getProcedureVersion } from '$lib/server/domain/procedure/queries';
import { listSites } from '$lib/server/domain/site/queries';
import type { PageServerLoad } from './$types';

/** A drill's short report: its steps timed from the start against their limits, who did each, the totals. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const site = INCIDENT_ID.exec(params.id)?.[1];
	if (!site) error(404, 'no such drill');
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const incident = await getIncident(sql, params.id);
	if (!incident?.drill) error(404, 'no such drill');
	const checklist = await getChecklist(sql, incident.id);
	const procedure = checklist ? await getProcedureVersion(sql, checklist.procedure, checklist.version) : null;
	const events = await getIncidentHistory(sql, incident);
	return {
		incident,
		site: (await listSites(sql)).find((s) => s.id === site) ?? null,
		procedure,
		report: checklist && procedure ? buildDrillReport(checklist, procedure) : null,
		actors: await getActorNames(sql, events)
	};
};
