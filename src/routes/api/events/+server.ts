import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { getStreamHead, readEventsAfter, readEventsCommitted } from '$lib/server/event-log/read';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

const query = z
	.object({
		site: z.string().regex(ID_PATTERN),
		after: z.coerce.number().int().min(0).default(0),
		limit: z.coerce.number().int().min(1).max(1000).default(100),
		from: z.iso.datetime({ offset: true }).optional(),
		to: z.iso.datetime({ offset: true }).optional()
	})
	.refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to));

/**
 * A site's events with seq > after, in seq order; with `from` and/or `to` (ISO 8601), only those
 * committed in that window (inclusive). Page by passing the last seq received as `after`.
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success || parsed.data.site === SYSTEM_STREAM) {
		error(400, 'site (required), after, limit (1–1000), from and to (ISO 8601 with a time zone, from ≤ to) must be valid');
	}
	const { site, after, limit, from, to } = parsed.data;
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const head = await getStreamHead(sql, site);
	if (head === null) error(404, 'unknown site');
	const events =
		from || to
			? await readEventsCommitted(sql, site, { from: from ? new Date(from) : null, to: to ? new Date(to) : null, after, limit })
			: await readEventsAfter(sql, site, after, limit);
	return json({ site, head, events }, { headers: { 'cache-control': 'no-store' } });
};
