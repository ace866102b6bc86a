import { error } from '@sveltejs/kit';
import { PLAN_FILE, SITE_FILE } from '$lib/domain/site/bundle/bundle';
import { exportBundleFiles } from '$lib/server/domain/site/bundle-files';
import { requireRole } from '$lib/server/auth/authorization';
import { readBundleVersion, readSiteBundle } from '$lib/server/domain/site/queries';
import type { RequestHandler } from './$types';

/**
 * Admins export one file of a site's bundle, `site.json` or `plan.geojson`, as a download: the
 * model as it stands, or with `?version=<sha256>` (a state's `plan.sha256`) as that import stored it.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	requireRole(locals.user, 'admin');
	if (params.file !== SITE_FILE && params.file !== PLAN_FILE) error(404, `a bundle has two files: ${SITE_FILE} and ${PLAN_FILE}`);
	const version = url.searchParams.get('version');
	if (version !== null && !/^[0-9a-f]{64}$/.test(version)) error(400, 'version must be a SHA-256 in hex');
	const bundle = version ? await readBundleVersion(locals.runtime.sql, params.site, version) : await readSiteBundle(locals.runtime.sql, params.site);
	if (!bundle) error(404, version ? 'no such version of this site' : 'unknown site');
	const files = exportBundleFiles(bundle);
	return new Response(params.file === SITE_FILE ? files.site : files.plan, {
		headers: {
			'content-type': params.file === SITE_FILE ? 'application/json; charset=utf-8' : 'application/geo+json; charset=utf-8',
			'content-disposition': `attachment; filename="${params.site}-${params.file}"`,
			'cache-control': 'no-store'
		}
	});
};
