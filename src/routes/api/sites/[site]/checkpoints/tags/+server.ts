import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { formatCheckpointTagUrl } from '$lib/domain/patrol/checkpoint-tag-url';
import { LOCALES } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { listTagCheckpoints, renderCheckpointTagSheet, TAG_SHEET_CSP } from '$lib/server/domain/patrol/checkpoint-tags';
import { PLAN_ID } from '$lib/server/domain/patrol/input';
import { listRoutes } from '$lib/server/domain/patrol/queries';
import { getSitePlan } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

const query = z.object({
	route: z.string().optional(),
	lang: z.enum(LOCALES).optional()
});

/**
 * A printable HTML page of the site's checkpoint tags (A4, 3 × 8 labels of 70 × 37 mm): each a
 * QR code of `{origin}/guard/c/{site}/{checkpoint}` with the checkpoint's name and code.
 * `?route=` prints a route's checkpoints in walking order; `?lang=` (zh-CN, zh-TW, en) the names'
 * language, else the reader's. The origin is ORIGIN when configured, else the request's.
 * 404 for an unknown site or route.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	requireSiteWatcher(requireRole(locals.user, 'admin', 'manager'), params.site);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, `lang must be one of ${LOCALES.join(', ')}`);
	const { sql, config } = locals.runtime;
	const site = await getSitePlan(sql, params.site);
	if (!site) error(404, 'unknown site');

	const routeId = parsed.data.route;
	const route = routeId === undefined ? undefined : PLAN_ID.test(routeId) ? (await listRoutes(sql, site.id)).find((r) => r.route === routeId) : undefined;
	if (routeId !== undefined && !route) {
		error(404, { message: PLAN_ID.test(routeId) ? `site ${site.id} has no route ${routeId}` : 'no such route', reason: 'unknown_route' });
	}

	const locale = parsed.data.lang ?? getLocale();
	const origin = config.origin ?? url.origin;
	const tags = listTagCheckpoints(site.plan, route).map((c) => ({ code: c.id, name: c.name[locale], url: formatCheckpointTagUrl(origin, site.id, c.id) }));
	const siteName = site.name[locale];
	const html = await renderCheckpointTagSheet(
		{
			lang: locale,
			title: route ? m.patrol_tags_route_title({ site: siteName, route: route.name[locale] }, { locale }) : m.patrol_tags_title({ site: siteName }, { locale }),
			siteName,
			hint: m.patrol_tags_hint({}, { locale }),
			print: m.patrol_tags_print({}, { locale }),
			empty: m.patrol_tags_empty({}, { locale })
		},
		tags
	);
	return new Response(html, {
		headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': TAG_SHEET_CSP, 'cache-control': 'no-store', vary: 'cookie, accept-language' }
	});
};
