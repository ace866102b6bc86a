import { error, json } from '@sveltejs/kit';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/authorization';
import { checkUploadFor, readBundleUpload } from '$lib/server/domain/site/bundle-upload';
import type { RequestHandler } from './$types';

/**
 * Admins import a site bundle: multipart fields `site` (site.json) and `plan` (plan.geojson).
 * 201 created, 200 replaced; 400 `{reason: 'invalid_bundle', problems, more}` with each problem
 * placed by file, line, column, feature and field; 409 when the site exists and `?replace=true`
 * was not given, so a wrong id cannot overwrite another estate.
 */
export const PUT: RequestHandler = async ({ locals, params, request, url }) => {
	const admin = requireRole(locals.user, 'admin');
	const form = await request.formData().catch(() => null);
	if (!form) error(415, 'send multipart/form-data with the files "site" (site.json) and "plan" (plan.geojson)');
	const upload = await readBundleUpload(form);
	if (!upload.ok) return json({ reason: 'missing_files', missing: upload.missing, tooLarge: upload.tooLarge }, { status: 400 });
	const check = checkUploadFor(params.site, upload.files, getLocale());
	if (!check.ok) return json({ reason: 'invalid_bundle', problems: check.problems, more: check.more }, { status: 400 });
	const outcome = await locals.runtime.importSite(admin, check.bundle, { replace: url.searchParams.get('replace') === 'true' });
	if (!outcome.ok) return json({ reason: 'exists', message: 'the site exists: send ?replace=true to replace its model' }, { status: 409 });
	return json({ site: params.site, created: outcome.created, seq: outcome.envelopes[0]?.seq ?? null }, { status: outcome.created ? 201 : 200 });
};
