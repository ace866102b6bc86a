import { z } from 'zod';
import { AUDIT_TYPES } from '$lib/domain/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { listAudit } from '$lib/server/auth/audit-log';
import type { PageServerLoad } from './$types';

const PAGE = 100;
// Filters are checked against allow-lists and limits; anything else is ignored.
const filters = z.object({
	type: z.enum(AUDIT_TYPES).optional().catch(undefined),
	actor: z.string().trim().min(1).max(64).optional().catch(undefined),
	before: z.coerce.number().int().positive().optional().catch(undefined)
});

/** Who did what, when and from where: the system stream's audit events, newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals.user, 'admin');
	const q = filters.parse(Object.fromEntries(url.searchParams));
	const entries = await listAudit(locals.runtime.sql, { ...q, limit: PAGE });
	return { entries, filter: q, types: AUDIT_TYPES, more: entries.length === PAGE };
};
