import { json } from '@sveltejs/kit';
import { WATCHDOG_TOKEN_HEADER } from '$lib/server/health';
import type { RequestHandler } from './$types';

/** Database and broker state; 503 while degraded, so a load balancer or monitor can act. The watchdog's token adds the sites' watchers. */
export const GET: RequestHandler = async ({ request, locals }) => {
	const health = await locals.runtime.health(request.headers.get(WATCHDOG_TOKEN_HEADER));
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
