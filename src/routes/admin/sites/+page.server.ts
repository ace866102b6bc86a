import { fail } from '@sveltejs/kit';
import type { BundleProblem } from '$lib/domain/site-bundle';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/authorization';
import { checkUploadFor, readBundleUpload } from '$lib/server/domain/site/bundle-files';
import { listSiteModels } from '$lib/server/domain/site/queries';
import type { Actions, PageServerLoad } from './$types';

/** What the import form is told: the problems placed in the files, or what was imported. */
interface ImportAnswer {
	problem: 'missing_files' | 'too_large' | 'invalid_bundle' | 'exists' | null;
	files: string[];
	problems: BundleProblem[];
	more: number;
	imported: { site: string; created: boolean } | null;
}

const answer = (extra: Partial<ImportAnswer>): ImportAnswer => ({ problem: null, files: [], problems: [], more: 0, imported: null, ...extra });

/** Every site with the size of its model, for export and to see what an import changed. */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	return { sites: await listSiteModels(locals.runtime.sql) };
};

export const actions: Actions = {
	/** The same check and import as `PUT /api/sites/{site}/bundle`, from the two uploaded files. */
	import: async ({ locals, request }) => {
		const admin = requireRole(locals.user, 'admin');
		const form = await request.formData();
		const upload = await readBundleUpload(form);
		if (!upload.ok) {
			const problem = upload.missing.length ? 'missing_files' : 'too_large';
			return fail(400, answer({ problem, files: [...upload.missing, ...upload.tooLarge] }));
		}
		const check = checkUploadFor(null, upload.files, getLocale());
		if (!check.ok) return fail(400, answer({ problem: 'invalid_bundle', problems: check.problems, more: check.more }));
		const outcome = await locals.runtime.importSite(admin, check.bundle, { replace: form.get('replace') === 'on' });
		if (!outcome.ok) return fail(409, answer({ problem: 'exists', imported: { site: check.bundle.site.id, created: false } }));
		return answer({ imported: { site: check.bundle.site.id, created: outcome.created } });
	}
};
