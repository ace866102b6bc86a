import { requireRole } from '$lib/server/auth/authorization';
import { exportProcedures } from '$lib/server/admin/procedure-forms';
import type { RequestHandler } from './$types';

/** Every current procedure version as one JSON file to download; importing it back publishes nothing new. */
export const GET: RequestHandler = async ({ locals }) => {
	requireRole(locals.user, 'admin', 'manager');
	const { body, fileName } = await exportProcedures(locals.runtime.sql, locals.runtime.clock.now());
	return new Response(body, {
		headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store' }
	});
};
