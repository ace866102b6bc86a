import { json } from '@sveltejs/kit';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { statusOfTestRefusal } from '$lib/server/domain/test-window/commands';
import type { RequestHandler } from './$types';

/** Ends a test early: `DELETE /api/sites/{site}/tests/{device}[?point=P]`. 200 `{event}`; 409 when not in test. */
export const DELETE: RequestHandler = async ({ params, locals, url }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager', 'operator'), params.site);
	const outcome = await locals.runtime.endTest(user, params.site, { device: params.device, point: url.searchParams.get('point') || null });
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfTestRefusal(outcome.reason) });
	return json({ event: outcome.event });
};
