import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

const query = z
	.object({
		at: z.iso.datetime({ offset: true }).optional(),
		seq: z.coerce.number().int().min(0).optional()
	})
	.strict()
	.refine((q) => q.at === undefined || q.seq === undefined, 'at or seq, not both');

/**
 * A site's state at an instant (`?at=` ISO 8601: the last seq committed at or before it), at a
 * seq (`?seq=N`), or now: every registered projection's rows as a console held them, and the
 * plan version. Computed from a keyframe and the log after it, by the rules that run live.
 */
export const GET: RequestHandler = async ({ params, url, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'give at (ISO 8601 with a time zone) or seq (an integer ≥ 0), or neither for now');
	const { at, seq } = parsed.data;
	const outcome = await locals.runtime.readState(params.site, seq !== undefined ? { seq } : at !== undefined ? { at: new Date(at) } : null);
	if (!outcome.ok) error(404, outcome.reason === 'unknown_site' ? 'unknown site' : 'seq beyond the site’s head');
	// A seq's state does not change (until a rebuild after a rule fix); an instant may still be to come.
	const cache = seq !== undefined ? 'private, max-age=60' : 'no-store';
	return json(outcome.state, { headers: { 'cache-control': cache } });
};
