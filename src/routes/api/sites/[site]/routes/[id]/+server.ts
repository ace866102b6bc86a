import { error, json } from '@sveltejs/kit';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { defineRoute, removeRoute, statusOfPatrolRefusal } from '$lib/server/domain/patrol/commands';
import { PLAN_ID, routeBody } from '$lib/server/domain/patrol/input';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const routeId = (id: string) => {
	if (!PLAN_ID.test(id)) error(404, { message: 'no such route', reason: 'unknown_route' });
	return id;
};

/**
 * Make or replace a route: `{name, mode, stops: [{checkpoint, legMinutes, toleranceMinutes}], silenceMinutes?}`.
 * 200 `{events}`; 400 `{reason, reasons}` (a stop that is not a checkpoint of the site: `unknown_checkpoint`).
 */
export const PUT: RequestHandler = async ({ params, locals, request }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager'), params.site);
	const route = routeId(params.id);
	const body = await readJsonBody(request, routeBody);
	const outcome = await defineRoute(locals.runtime.run, user, params.site, { route, ...body });
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfPatrolRefusal(outcome.reason) });
	return json({ events: outcome.events });
};

/** Remove a route and its schedules (rounds already made run to their end). 200 `{events}`; 404. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager'), params.site);
	const outcome = await removeRoute(locals.runtime.run, user, params.site, routeId(params.id));
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfPatrolRefusal(outcome.reason) });
	return json({ events: outcome.events });
};
