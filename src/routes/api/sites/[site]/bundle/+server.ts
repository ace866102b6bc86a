import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { PLAN_FILE, SITE_FILE } from '$lib/domain/site/bundle/bundle';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/authorization';
import { checkUploadFor } from '$lib/server/domain/site/bundle-files';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** Both files' texts; which are missing is answered below, in the bundle's own terms. */
const bundleBody = z.looseObject({ site: z.unknown(), plan: z.unknown() });

/**
 * Admins import a site bundle: JSON `{site, plan}` holding the text of site.json and
 * plan.geojson as they are, so problems are placed by line in those files.
 * 201 created, 200 replaced; 400 `{reason: 'invalid_bundle', problems, more}` with each problem
 * placed by file, line, column, feature and field; 409 when the site exists and `?replace=true`
 * was not given, so a wrong id cannot overwrite another estate.
 */
export const PUT: RequestHandler = async ({ locals, params, request, url }) => {
	const admin = requireRole(locals.user, 'admin');
	const body = await readJsonBody(request, bundleBody);
	const missing = [['site', SITE_FILE], ['plan', PLAN_FILE]].filter(([k]) => typeof body[k as 'site' | 'plan'] !== 'string').map(([, f]) => f);
	if (missing.length) return json({ reason: 'missing_files', missing, message: 'send JSON {"site": <site.json text>, "plan": <plan.geojson text>}' }, { status: 400 });
	const check = checkUploadFor(params.site, { site: body.site as string, plan: body.plan as string }, getLocale());
	if (!check.ok) return json({ reason: 'invalid_bundle', problems: check.problems, more: check.more }, { status: 400 });
	const outcome = await locals.runtime.importSite(admin, check.bundle, { replace: url.searchParams.get('replace') === 'true' });
	if (!outcome.ok) return json({ reason: 'exists', message: 'the site exists: send ?replace=true to replace its model' }, { status: 409 });
	return json({ site: params.site, created: outcome.created, seq: outcome.envelopes[0]?.seq ?? null }, { status: outcome.created ? 201 : 200 });
};
