import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Database and broker state; 503 while degraded, so a load balancer or monitor can act. */
export const GET: RequestHandler = async ({ locals }) => {
	const health = await locals.runtime.health();
	return json(health, { status: health.status === 'ok' ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
