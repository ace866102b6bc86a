import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { canWatchSite, type SessionUser } from '$lib/domain/access';
import { ID_PATTERN } from '$lib/domain/device/message';
import { TICKET_CATEGORIES } from '$lib/domain/ticket/model';
import { requireSiteWatcher } from '$lib/server/auth/authorization';
import { getFinding } from '$lib/server/domain/finding/queries';
import { listSites } from '$lib/server/domain/site/queries';
import { openTicket } from '$lib/server/domain/ticket/commands';
import { answerTicketOutcome, ticketFields } from '$lib/server/domain/ticket/http';
import { searchTickets } from '$lib/server/domain/ticket/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import { getResident } from '$lib/server/domain/resident/queries';
import type { Queryable } from '$lib/server/db/client';
import type { RequestHandler } from './$types';

const query = z.object({
	site: z.string().regex(ID_PATTERN).optional(),
	status: z.enum(['open', 'closed', 'all']).default('open'),
	category: z.enum(TICKET_CATEGORIES).optional(),
	department: z.string().min(1).max(32).optional(),
	assignee: z.string().min(1).max(64).optional(),
	resident: z.string().min(1).max(64).optional(),
	/** `incident:{id}` or `finding:{id}`: the tickets opened from it. */
	origin: z
		.string()
		.regex(/^(incident|finding|hotline|api):.{1,120}$/)
		.transform((s) => ({ kind: s.slice(0, s.indexOf(':')), id: s.slice(s.indexOf(':') + 1) }))
		.optional(),
	limit: z.coerce.number().int().min(1).max(500).default(200)
});

/** The caller's sites, or the one named (which must be theirs). */
async function sitesOf(sql: Queryable, user: SessionUser | null, site: string | undefined): Promise<string[]> {
	if (site) {
		requireSiteWatcher(user, site);
		return [site];
	}
	if (!user) error(401, 'sign in first');
	return (await listSites(sql as never)).map((s) => s.id).filter((id) => canWatchSite(user, id));
}

/**
 * Tickets newest first: one site or every site of the caller, `status` open (default), closed or
 * all, narrowed by `category`, `department`, `assignee`, `resident`, `origin` (`incident:{id}`); at most `limit` (200).
 */
export const GET: RequestHandler = async ({ url, locals }) => {
	const parsed = query.safeParse(Object.fromEntries(url.searchParams));
	if (!parsed.success) error(400, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const { site, ...filter } = parsed.data;
	const { sql } = locals.runtime;
	const sites = await sitesOf(sql, locals.user, site);
	return json({ tickets: await searchTickets(sql, { sites, ...filter }) }, { headers: { 'cache-control': 'no-store' } });
};

const opening = ticketFields.extend({
	site: z.string().regex(ID_PATTERN),
	/** `hotline`: the service desk's intake form; `api`: another system. */
	origin: z.enum(['hotline', 'api']).default('api'),
	/** A guard's finding to make a work order of: its photo comes along, and it leaves the findings list. */
	finding: z.string().trim().min(1).max(120).optional()
});

/**
 * Open a ticket: `{site, category, priority?, description, place?, zone?, resident?, department?,
 * assignee?, photos?, origin?, finding?}`. 201 `{ticket}`; 400 `unknown_assignee`,
 * `unknown_department`, `unknown_origin`, `unknown_resident`; 403 `not_allowed`; 409 `origin_ticketed`.
 */
export const POST: RequestHandler = async ({ request, locals }) => {
	const body = await readJsonBody(request, opening);
	const user = requireSiteWatcher(locals.user, body.site);
	const { site, origin, finding, ...fields } = body;
	const { run, sql } = locals.runtime;
	if (fields.resident) {
		const resident = await getResident(sql, fields.resident);
		if (!resident || resident.site !== site || resident.erasedAt) return json({ message: 'refused: unknown resident', reason: 'unknown_resident' }, { status: 400 });
	}
	if (!finding) return answerTicketOutcome(await openTicket(run, user, site, { ...fields, point: null, origin: { kind: origin, id: null } }), true);
	const found = await getFinding(sql, site, finding);
	const photos = found?.photo && !fields.photos.includes(found.photo) ? [found.photo, ...fields.photos].slice(0, 9) : fields.photos;
	const outcome = await openTicket(run, user, site, { ...fields, photos, point: null, origin: { kind: 'finding', id: finding } }, async (tx) => {
		const current = await getFinding(tx, site, finding);
		if (!current) return 'unknown_origin';
		return current.status === 'open' ? null : 'origin_ticketed';
	});
	return answerTicketOutcome(outcome, true);
};
