import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { getStreamHead, readEventsAfter } from '$lib/server/event-log/read';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

const query = z.object({
	site: z.string().regex(ID_PATTERN),
	after: z.coerce.number().int().min(0).default(0),
	limit: z.coerce.number().int().min(1).max(1000).default(100)
});

/** A site's events with seq > after, in seq order. */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success || parsed.data.site === SYSTEM_STREAM) {
		error(400, 'site (required), after and limit (1–1000) must be valid');
	}
	const { site, after, limit } = parsed.data;
	requireSiteWatcher(locals.user, site);
	const { sql } = locals.runtime;
	const head = await getStreamHead(sql, site);
	if (head === null) error(404, 'unknown site');
	const events = await readEventsAfter(sql, site, after, limit);
	return json({ site, head, events }, { headers: { 'cache-control': 'no-store' } });
};
