import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { INCIDENT_KINDS } from '$lib/domain/incident/model';
import { SEVERITIES } from '$lib/domain/site/model';
import { FEATURE_ID_PATTERN } from '$lib/domain/site/bundle/schema';
import { NOTE_MAX_LENGTH } from '$lib/domain/incident/decide';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { openIncidentByHand } from '$lib/server/domain/incident/open-commands';
import type { RequestHandler } from './$types';

const drill = z.strictObject({
	site: z.string().regex(ID_PATTERN),
	/** The procedure to drill: any kind's. */
	procedure: z.enum(INCIDENT_KINDS),
	device: z.string().regex(ID_PATTERN),
	point: z.string().regex(FEATURE_ID_PATTERN),
	severity: z.enum(SEVERITIES).default('major'),
	note: z.string().trim().max(NOTE_MAX_LENGTH).nullable().default(null)
});

/**
 * Start a drill: any procedure on an alarm point of the site. It is an incident marked as a drill
 * (on every console and in its report), timed step by step like a real one and left out of every
 * real figure. 201 `{incident}`; 400 `unknown_point`; 404 `unknown_site`.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request, drill);
	const user = requireSiteWatcher(locals.user, body.site);
	const outcome = await openIncidentByHand(locals.runtime.run, user, {
		site: body.site,
		kind: body.procedure,
		severity: body.severity,
		place: null,
		note: body.note || null,
		drill: { device: body.device, point: body.point }
	});
	if (!outcome.ok) {
		const status = outcome.reason === 'unknown_site' ? 404 : 400;
		return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status });
	}
	return json({ incident: outcome.incident }, { status: 201 });
};
