import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { TEST_MINUTES_MAX, TEST_REASON_MAX } from '$lib/domain/test-window/model';
import { statusOfTestRefusal } from '$lib/server/domain/test-window/commands';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { readJsonBody } from '$lib/server/http/json-body';
import { listTests } from '$lib/server/domain/test-window/queries';
import type { RequestHandler } from './$types';

/** The site's devices and points in test mode now. */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(locals.user, params.site);
	const now = Date.now();
	const tests = (await listTests(locals.runtime.sql, params.site)).filter((t) => Date.parse(t.until) > now);
	return json({ tests }, { headers: { 'cache-control': 'no-store' } });
};

const startSchema = z.strictObject({
	device: z.string().min(1).max(64),
	point: z.string().min(1).max(128).nullable().default(null),
	minutes: z.number().int().min(1).max(TEST_MINUTES_MAX),
	reason: z.string().trim().min(1).max(TEST_REASON_MAX)
});

/**
 * An operator puts a device (`point` null) or one alarm point in test for `minutes`, with a
 * reason: its alarms are logged as tests and open no incident until then. Starting it again
 * sets a new end. 201 `{event}`; 400 `{reason, reasons}`; 404 `{reason}`.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const user = requireSiteWatcher(requireRole(locals.user, 'admin', 'manager', 'operator'), params.site);
	const outcome = await locals.runtime.startTest(user, params.site, await readJsonBody(request, startSchema));
	if (!outcome.ok) return json({ reason: outcome.reason }, { status: statusOfTestRefusal(outcome.reason) });
	return json({ event: outcome.event }, { status: 201 });
};
