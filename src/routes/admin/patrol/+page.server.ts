import { error, fail } from '@sveltejs/kit';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import type { PatrolRefusal } from '$lib/server/domain/patrol/commands';
import { defineRoute, defineSchedule, removeRoute, removeSchedule, statusOfPatrolRefusal } from '$lib/server/domain/patrol/commands';
import { PLAN_ID } from '$lib/server/domain/patrol/input';
import { listRoutes, listSchedules } from '$lib/server/domain/patrol/queries';
import { getSite, listSites } from '$lib/server/domain/site/queries';
import { readRouteForm, readScheduleForm, SCHEDULE_KINDS, type RouteFormValues, type ScheduleFormValues } from '$lib/server/admin/patrol-forms';
import { requireRole } from '$lib/server/auth/authorization';
import { readFormData } from '$lib/server/http/form-body';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type PatrolAction = 'saveRoute' | 'removeRoute' | 'saveSchedule' | 'removeSchedule';

/**
 * What an action tells the page: which form (action and target id), on failure the problem
 * (`invalid` with the refused fields, or the command's refusal) and what was typed.
 */
interface Outcome {
	action: PatrolAction;
	target: string | null;
	problem: 'invalid' | PatrolRefusal | null;
	fields: string[];
	route?: RouteFormValues;
	schedule?: ScheduleFormValues;
}

const done = (action: PatrolAction, target: string | null, extra: Partial<Outcome> = {}): Outcome => ({ action, target, problem: null, fields: [], ...extra });

/** Who plans patrols: an admin anywhere, a manager at their own sites. */
const requirePlanner = (user: SessionUser | null) => requireRole(user, 'admin', 'manager');

/** The sites this person may plan, and the one `?site=` names if it is among them (else null). */
async function findSite(locals: App.Locals, url: URL) {
	const user = requirePlanner(locals.user);
	const sites = (await listSites(locals.runtime.sql)).filter((s) => canWatchSite(user, s.id)).map(({ id, name }) => ({ id, name }));
	const wanted = url.searchParams.get('site');
	return { user, sites, site: sites.find((s) => s.id === wanted)?.id ?? null };
}

/** The site's plan, checkpoints and guards for the editors; its routes and schedules; which one `?route=` or `?schedule=` opens. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const found = await findSite(locals, url);
	// The page shows some site even when ?site= is missing or unknown; the actions do not guess.
	const id = found.site ?? found.sites[0]?.id ?? null;
	const site = id ? await getSite(locals.runtime.sql, id) : null;
	const [routes, schedules] = site ? await Promise.all([listRoutes(locals.runtime.sql, site.id), listSchedules(locals.runtime.sql, site.id)]) : [[], []];
	const wanted = (name: string) => {
		const v = url.searchParams.get(name);
		return v && PLAN_ID.test(v) ? v : null;
	};
	return {
		sites: found.sites,
		site: site && { id: site.id, name: site.name, timeZone: site.timeZone, plan: site.plan, guards: site.guards },
		routes,
		schedules,
		editRoute: routes.find((r) => r.route === wanted('route')) ?? null,
		editSchedule: schedules.find((s) => s.schedule === wanted('schedule')) ?? null,
		scheduleKinds: SCHEDULE_KINDS,
		// Null, not undefined: the page data is serialised, and the map's prop says "no tiles" either way.
		tiles: locals.runtime.config.mapTiles ?? null
	};
};

/** The site the action's URL names, as its planner; a 404 when it is not one this person plans. */
async function requireActionSite({ locals, url }: RequestEvent) {
	const { user, site } = await findSite(locals, url);
	if (!site) error(404, 'no such site');
	return { user, site };
}

export const actions: Actions = {
	/** Make or replace a route from the editor: its stops in order, each leg and tolerance as typed. */
	saveRoute: async (event) => {
		const { user, site } = await requireActionSite(event);
		const read = readRouteForm(await readFormData(event.request));
		if (!read.ok) return fail(400, done('saveRoute', null, { problem: 'invalid', fields: read.fields, route: read.values }));
		const outcome = await defineRoute(event.locals.runtime.run, user, site, read.data);
		if (!outcome.ok) return fail(statusOfPatrolRefusal(outcome.reason), done('saveRoute', null, { problem: outcome.reason, fields: fieldsOfRefusal(outcome.reason), route: read.values }));
		return done('saveRoute', read.data.route);
	},

	/** Remove a route and its schedules; rounds already made run to their end. */
	removeRoute: async (event) => {
		const { user, site } = await requireActionSite(event);
		const route = String((await readFormData(event.request)).get('id') ?? '');
		if (!PLAN_ID.test(route)) return fail(404, done('removeRoute', route, { problem: 'unknown_route' }));
		const outcome = await removeRoute(event.locals.runtime.run, user, site, route);
		return outcome.ok ? done('removeRoute', route) : fail(statusOfPatrolRefusal(outcome.reason), done('removeRoute', route, { problem: outcome.reason }));
	},

	/** Make or replace a schedule: its rule in the site's time zone, its guard or the first to scan. */
	saveSchedule: async (event) => {
		const { user, site } = await requireActionSite(event);
		const model = await getSite(event.locals.runtime.sql, site);
		if (!model) error(404, 'no such site');
		const read = readScheduleForm(await readFormData(event.request), model.timeZone);
		if (!read.ok) return fail(400, done('saveSchedule', null, { problem: 'invalid', fields: read.fields, schedule: read.values }));
		const outcome = await defineSchedule(event.locals.runtime.run, user, site, read.data);
		if (!outcome.ok) return fail(statusOfPatrolRefusal(outcome.reason), done('saveSchedule', null, { problem: outcome.reason, fields: fieldsOfRefusal(outcome.reason), schedule: read.values }));
		return done('saveSchedule', read.data.schedule);
	},

	removeSchedule: async (event) => {
		const { user, site } = await requireActionSite(event);
		const schedule = String((await readFormData(event.request)).get('id') ?? '');
		if (!PLAN_ID.test(schedule)) return fail(404, done('removeSchedule', schedule, { problem: 'unknown_schedule' }));
		const outcome = await removeSchedule(event.locals.runtime.run, user, site, schedule);
		return outcome.ok ? done('removeSchedule', schedule) : fail(statusOfPatrolRefusal(outcome.reason), done('removeSchedule', schedule, { problem: outcome.reason }));
	}
};

/** The field a command's refusal is about, to mark it on the form. */
function fieldsOfRefusal(reason: PatrolRefusal): string[] {
	return reason === 'unknown_checkpoint' ? ['stops'] : reason === 'unknown_route' ? ['route'] : reason === 'unknown_guard' ? ['guard'] : [];
}
