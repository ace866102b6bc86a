import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { listRounds } from '$lib/server/domain/patrol/queries';
import type { RequestHandler } from './$types';

const DAY_MS = 24 * 60 * 60_000;
const query = z.object({
	status: z.enum(['active', 'all']).default('active'),
	from: z.iso.datetime({ offset: true }).optional(),
	to: z.iso.datetime({ offset: true }).optional(),
	limit: z.coerce.number().int().min(1).max(5000).default(1000)
});

/**
 * The site's rounds, each with its checkpoints' states: `?status=active` (default: scheduled
 * or in progress) or `?status=all&from=&to=` (planned start in `[from, to)`, default the last
 * day, at most 31 days). 200 `{rounds}`; 400 `{reason, reasons}`.
 */
export const GET: RequestHandler = async ({ params, locals, url }) => {
	requireSiteWatcher(locals.user, params.site);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, { message: 'invalid query', reason: 'invalid', reasons: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) });
	const q = parsed.data;
	const to = q.to ? new Date(q.to) : locals.runtime.clock.now();
	const from = q.from ? new Date(q.from) : new Date(to.getTime() - DAY_MS);
	if (!(from < to) || to.getTime() - from.getTime() > 31 * DAY_MS) error(400, { message: 'invalid window', reason: 'invalid', reasons: ['from: must be before to, at most 31 days'] });
	const rounds = await listRounds(locals.runtime.sql, params.site, { status: q.status, from, to, limit: q.limit });
	return json({ rounds }, { headers: { 'cache-control': 'no-store' } });
};
