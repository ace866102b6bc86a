import type { RequestHandler } from './$types';

/** Prometheus text format. */
export const GET: RequestHandler = async ({ locals }) => {
	const { registry } = locals.runtime.metrics;
	return new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } });
};
