import { error, json } from '@sveltejs/kit';
import Negotiator from 'negotiator';
import { z } from 'zod';
import { canWatchSite } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { buildPatrolReport } from '$lib/domain/patrol/report';
import { formatPatrolReportCsv } from '$lib/domain/patrol/report-csv';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { readPatrolReportInput } from '$lib/server/domain/patrol/report-queries';
import { listShiftSpans } from '$lib/server/domain/shift/queries';
import { listSites } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

const DAY_MS = 24 * 60 * 60_000;
const DEFAULT_SPAN_DAYS = 7;
/** A year and a bit: a whole year's report with some slack, while one request stays bounded. */
const MAX_SPAN_DAYS = 400;
const MEDIA_TYPES = ['application/json', 'text/csv'];

const query = z.object({
	site: z.string().regex(ID_PATTERN).optional(),
	from: z.iso.datetime({ offset: true }).optional(),
	to: z.iso.datetime({ offset: true }).optional()
});

/**
 * Patrol compliance over [from, to) (ISO instants; `to` defaults to now and `from` to seven days
 * before `to`; at most 400 days): one site, or every site the user may watch. JSON (the report,
 * with the names of the sites, guards and routes), or CSV with `Accept: text/csv` (one row per site, day,
 * route and guard). Days are each site's local days; a round counts by its planned start, and in
 * the duty shift on duty then (`byShift`, JSON only).
 */
export const GET: RequestHandler = async ({ url, locals, request }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'site, from and to (ISO 8601 with a time zone) must be valid');
	const to = parsed.data.to ? new Date(parsed.data.to) : locals.runtime.clock.now();
	const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - DEFAULT_SPAN_DAYS * DAY_MS);
	if (!(from < to)) error(400, 'from must be before to');
	if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) error(400, `at most ${MAX_SPAN_DAYS} days at once`);
	const type = new Negotiator({ headers: { accept: request.headers.get('accept') ?? undefined } }).mediaType(MEDIA_TYPES);
	if (!type) error(406, `acceptable: ${MEDIA_TYPES.join(', ')}`);

	const { sql } = locals.runtime;
	const { site } = parsed.data;
	let sites: string[];
	if (site) {
		requireSiteWatcher(locals.user, site);
		sites = [site];
	} else {
		const user = locals.user;
		if (!user) error(401, 'sign in first');
		sites = (await listSites(sql)).map((s) => s.id).filter((id) => canWatchSite(user, id));
	}
	const [input, shifts] = await Promise.all([readPatrolReportInput(sql, sites, from, to), listShiftSpans(sql, from, to)]);
	if (site && !input.sites.length) error(404, 'unknown site');
	const report = buildPatrolReport({ from, to, ...input, shifts });
	const headers = { 'cache-control': 'no-store', vary: 'accept' };

	if (type === 'text/csv') {
		return new Response(formatPatrolReportCsv(report), {
			headers: { ...headers, 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="patrol-report.csv"' }
		});
	}
	const named = new Map(input.sites.map((s) => [s.id, s]));
	return json(
		{
			...report,
			sites: report.sites.map((s) => {
				const { name, guards, routes } = named.get(s.site)!;
				return {
					...s,
					name,
					guardNames: Object.fromEntries(guards.map((g) => [g.id, g.name])),
					routeNames: Object.fromEntries(routes.map((r) => [r.route, r.name]))
				};
			})
		},
		{ headers }
	);
};
