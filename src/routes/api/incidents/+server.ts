import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { INCIDENT_STATUSES, type IncidentStatus } from '$lib/domain/incident/model';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { listSites } from '$lib/server/domain/site/queries';
import { listIncidents } from '$lib/server/domain/incident/queries';
import { OPEN_STATUSES } from '$lib/domain/incident/model';
import type { RequestHandler } from './$types';

const query = z.object({
	site: z.string().regex(ID_PATTERN).optional(),
	/** `open` (the default: new to on scene), `all`, or a comma list of statuses. */
	status: z
		.string()
		.default('open')
		.transform((s, ctx) => {
			if (s === 'open') return OPEN_STATUSES;
			if (s === 'all') return [...INCIDENT_STATUSES];
			const list = s.split(',');
			if (!list.every((x) => (INCIDENT_STATUSES as readonly string[]).includes(x))) {
				ctx.addIssue({ code: 'custom', message: `open, all, or a comma list of ${INCIDENT_STATUSES.join(', ')}` });
				return z.NEVER;
			}
			return list as IncidentStatus[];
		})
});

/** Incidents in queue order: one site, or every site the user may watch. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const { site, status } = parsed.data;
	const { sql } = locals.runtime;
	let sites: string[];
	if (site) {
		requireSiteWatcher(locals.user, site);
		sites = [site];
	} else {
		const user = locals.user;
		if (!user) error(401, 'sign in first');
		if (!canWatchLive(user)) error(403, 'not allowed for this role');
		sites = (await listSites(sql)).map((s) => s.id).filter((id) => canWatchSite(user, id));
	}
	return json({ incidents: await listIncidents(sql, sites, status) }, { headers: { 'cache-control': 'no-store' } });
};
