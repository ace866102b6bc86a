import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { isUnderstaffed, SHIFT_OPERATORS_MAX } from '$lib/domain/shift/model';
import { readJsonBody } from '$lib/server/http/json-body';
import { startShift } from '$lib/server/domain/shift/commands';
import { answerShiftOutcome, requireShiftUser } from '$lib/server/domain/shift/http';
import { listShiftHistory, listStaff } from '$lib/server/domain/shift/queries';
import { listSites } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

const query = z.object({
	limit: z.coerce.number().int().min(1).max(200).default(20),
	before: z.iso.datetime({ offset: true }).optional()
});

/**
 * The shift on duty (`onDuty`, null when none, with `understaffed`), recent shifts newest first
 * (`limit`, default 20; `before` an instant to page back by start), and the staff a shift may
 * name (enabled operators and managers, with their names).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	requireShiftUser(locals.user);
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, 'limit (1–200) and before (ISO 8601 with a time zone) must be valid');
	const { sql } = locals.runtime;
	const [shifts, staff] = await Promise.all([
		listShiftHistory(sql, parsed.data.limit, parsed.data.before ? new Date(parsed.data.before) : undefined),
		listStaff(sql)
	]);
	// The newest shift is the one on duty if it has not ended (one at a time); a page further back has none.
	const onDuty = !parsed.data.before && shifts[0]?.endedAt === null ? shifts[0] : null;
	return json({ onDuty, understaffed: onDuty ? isUnderstaffed(onDuty) : false, shifts, staff }, { headers: { 'cache-control': 'no-store' } });
};

const start = z.strictObject({
	/** Default: the operator calling, who is always on the shift they start. */
	operators: z.array(z.string().min(1).max(64)).max(SHIFT_OPERATORS_MAX).optional(),
	managerOnDuty: z.string().min(1).max(64),
	/** The sites it watches; absent or null: every site. */
	sites: z.array(z.string().regex(ID_PATTERN)).min(1).max(500).nullable().optional()
});

/**
 * Start a shift when none is on duty: `{operators?, managerOnDuty, sites?}`. 201 `{shift}`;
 * 409 `shift_on_duty`; 400 `no_operators`, `duplicate_operator`, `not_an_operator`, `not_a_manager`, `unknown_site`.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const user = requireShiftUser(locals.user);
	const body = await readJsonBody(request, start);
	if (body.sites) {
		const known = new Set((await listSites(locals.runtime.sql)).map((s) => s.id));
		if (!body.sites.every((s) => known.has(s))) return json({ message: 'refused: unknown site', reason: 'unknown_site' }, { status: 400 });
	}
	return answerShiftOutcome(await startShift(locals.runtime.run, user, { ...body, sites: body.sites ? [...new Set(body.sites)] : null }), true);
};
