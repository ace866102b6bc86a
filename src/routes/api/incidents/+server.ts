import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { canWatchLive, canWatchSite } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { INCIDENT_STATUSES, type IncidentStatus } from '$lib/domain/incident/model';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { listSites } from '$lib/server/domain/site/queries';
import { listIncidents } from '$lib/server/domain/incident/queries';
import { OPEN_STATUSES } from '$lib/domain/incident/model';
import { MANUAL_KINDS } from '$lib/domain/incident/model';
import { SEVERITIES } from '$lib/domain/site/model';
import { NOTE_MAX_LENGTH } from '$lib/domain/incident/decide';
import { readJsonBody } from '$lib/server/http/json-body';
import { openIncidentByHand } from '$lib/server/domain/incident/open-commands';
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

const opening = z.strictObject({
	site: z.string().regex(ID_PATTERN),
	kind: z.enum(MANUAL_KINDS),
	severity: z.enum(SEVERITIES).default('major'),
	/** A place of the site's tree (building, unit, floor or room id). */
	place: z.string().min(1).max(64).nullable().default(null),
	note: z.string().trim().max(NOTE_MAX_LENGTH).nullable().default(null)
});

/**
 * Open an incident by hand (an emergency that came by phone): 201 `{incident}`; 400
 * `unknown_place`; 404 `unknown_site`. The kind's procedure is attached as for any incident.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request, opening);
	const user = requireSiteWatcher(locals.user, body.site);
	const outcome = await openIncidentByHand(locals.runtime.run, user, { ...body, note: body.note || null });
	if (!outcome.ok) {
		const status = outcome.reason === 'unknown_site' ? 404 : 400;
		return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status });
	}
	return json({ incident: outcome.incident }, { status: 201 });
};
