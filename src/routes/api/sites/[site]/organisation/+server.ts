import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { organisationSchema } from '$lib/domain/organisation/model';
import { problemOfIssue } from '$lib/domain/organisation/rules';
import { requireRole, requireSiteWatcher } from '$lib/server/auth/authorization';
import { statusOfOrganisationRefusal, updateOrganisation } from '$lib/server/domain/organisation/commands';
import { getOrganisationSheet } from '$lib/server/domain/organisation/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * The site's organisation as last saved (`version` 0 and an empty one in the site's time zone
 * when none was), with the people it may name (`users`: the site's active accounts but wall
 * displays, for pickers) and the zones of its plan (`zones`, for the stewards).
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	requireSiteWatcher(requireRole(locals.user, 'admin', 'manager', 'operator'), params.site);
	const sheet = await getOrganisationSheet(locals.runtime.sql, params.site);
	if (!sheet) error(404, { message: 'no such site', reason: 'unknown_site' });
	return json(sheet, { headers: { 'cache-control': 'no-store' } });
};

const body = z.strictObject({ expectedVersion: z.number().int().min(0), organisation: z.unknown() });

/**
 * Save the site's organisation: `{expectedVersion, organisation}`, `expectedVersion` the version
 * it was edited from (0 for the first). 200 `{version}`; 400 `{reason, problems: [{field, code}]}`
 * (`invalid`, `unknown_user`, `unknown_zone`, `not_a_member`, …); 409 `version_conflict` with
 * the current `version` (someone saved first); 404 for an unknown site.
 */
export const PUT: RequestHandler = async ({ params, locals, request }) => {
	const user = requireRole(locals.user, 'admin');
	const { expectedVersion, organisation } = await readJsonBody(request, body);
	const parsed = organisationSchema.safeParse(organisation);
	if (!parsed.success) {
		const problems = parsed.error.issues.map(problemOfIssue);
		return json({ message: 'invalid organisation', reason: 'invalid', reasons: problems.map((p) => `${p.field || 'organisation'}: ${p.code}`), problems }, { status: 400 });
	}
	const outcome = await updateOrganisation(locals.runtime.run, { kind: 'user', id: user.id }, params.site, { organisation: parsed.data, expectedVersion });
	if (!outcome.ok) {
		const { reason, version, problems } = outcome;
		const answer =
			reason === 'version_conflict'
				? { message: 'someone saved the organisation first', reason, version }
				: { message: `refused: ${reason.replaceAll('_', ' ')}`, reason, reasons: problems.map((p) => `${p.field}: ${p.code}`), problems };
		return json(answer, { status: statusOfOrganisationRefusal(reason) });
	}
	return json({ version: outcome.organisation.version });
};
