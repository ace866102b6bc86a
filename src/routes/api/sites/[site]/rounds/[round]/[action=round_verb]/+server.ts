import { json } from '@sveltejs/kit';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { claimRound, skipCheckpoint, statusOfPatrolRefusal } from '$lib/server/domain/patrol/commands';
import { claimBody, skipBody } from '$lib/server/domain/patrol/input';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * `POST …/rounds/{round}/claim` `{guard}`: the round is the guard's; `POST …/rounds/{round}/skip`
 * `{checkpoint, reason}`: a pending checkpoint will not be walked, and why. 200 `{events}`;
 * 400; 404 (no such round); 409 (the round is over, or the checkpoint no longer pending).
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager', 'operator'), params.site);
	const { run } = locals.runtime;
	const outcome =
		params.action === 'claim'
			? await claimRound(run, user, params.site, params.round, (await readJsonBody(request, claimBody)).guard)
			: await (async () => {
					const b = await readJsonBody(request, skipBody);
					return skipCheckpoint(run, user, params.site, params.round, b.checkpoint, b.reason);
				})();
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfPatrolRefusal(outcome.reason) });
	return json({ events: outcome.events });
};
