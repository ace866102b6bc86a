import { z } from 'zod';
import { AUDIT_TYPES } from '$lib/domain/audit';
import { requireRole } from '$lib/server/auth/authorization';
import { AUDIT_CURSOR, listAudit } from '$lib/server/auth/audit-log';
import { ID_PATTERN } from '$lib/domain/device/message';
import type { PageServerLoad } from './$types';

const PAGE = 100;
// Filters are checked against allow-lists and limits; anything else is ignored.
const filters = z.object({
	type: z.enum(AUDIT_TYPES).optional().catch(undefined),
	actor: z.string().trim().min(1).max(64).optional().catch(undefined),
	site: z.string().regex(ID_PATTERN).optional().catch(undefined),
	before: z.string().regex(AUDIT_CURSOR).optional().catch(undefined)
});

/** Who did what, when and from where: the system stream's audit events, newest first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireRole(locals.user, 'admin');
	const q = filters.parse(Object.fromEntries(url.searchParams));
	const entries = await listAudit(locals.runtime.sql, { ...q, limit: PAGE });
	return { entries, filter: q, types: AUDIT_TYPES, more: entries.length === PAGE };
};
