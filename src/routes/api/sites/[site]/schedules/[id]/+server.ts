import { error, json } from '@sveltejs/kit';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { defineSchedule, removeSchedule, statusOfPatrolRefusal } from '$lib/server/domain/patrol/commands';
import { PLAN_ID, scheduleBody } from '$lib/server/domain/patrol/input';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

const scheduleId = (id: string) => {
	if (!PLAN_ID.test(id)) error(404, { message: 'no such schedule', reason: 'unknown_schedule' });
	return id;
};

/**
 * Make or replace a schedule: `{route, rule, guard?}`, the rule in the site's time zone
 * (`{kind: 'every', minutes, from, to}`, `{kind: 'daily', times}`, `{kind: 'once', at}`).
 * Rounds are made from it an hour ahead. 200 `{events}`; 400; 404 (no such route).
 */
export const PUT: RequestHandler = async ({ params, locals, request }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager'), params.site);
	const schedule = scheduleId(params.id);
	const body = await readJsonBody(request, scheduleBody);
	const outcome = await defineSchedule(locals.runtime.run, user, params.site, { schedule, ...body });
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfPatrolRefusal(outcome.reason) });
	return json({ events: outcome.events });
};

/** Remove a schedule: no more rounds are made from it. 200 `{events}`; 404. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager'), params.site);
	const outcome = await removeSchedule(locals.runtime.run, user, params.site, scheduleId(params.id));
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfPatrolRefusal(outcome.reason) });
	return json({ events: outcome.events });
};
