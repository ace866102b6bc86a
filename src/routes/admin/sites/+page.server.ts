import { fail } from '@sveltejs/kit';
import { readFormData } from '$lib/server/http/form-body';
import { FLOOR_PLAN_MAX_BYTES, FLOOR_PLAN_TYPES, withFloorPlan, writeBundleFiles, type BundleProblem } from '$lib/domain/site/bundle/bundle';
import { checkSiteBundle } from '$lib/domain/site/bundle/check';
import { getLocale } from '$lib/paraglide/runtime.js';
import { requireRole } from '$lib/server/auth/authorization';
import { checkUploadFor, readBundleUpload } from '$lib/server/domain/site/bundle-files';
import { listFloorPlanTargets, listSiteModels, readSiteBundle } from '$lib/server/domain/site/queries';
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

/** What the floor-plan forms are told: the floor changed, or why not. */
interface FloorPlanAnswer {
	floorPlan: { site: string; building: string; floor: number; removed: boolean } | null;
	floorPlanProblem: 'missing' | 'too_large' | 'wrong_type' | 'invalid' | null;
	problems: BundleProblem[];
}

/** Every site with the size of its model, for export and to see what an import changed; the floor plans and where they can go. */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	const { sql } = locals.runtime;
	return { sites: await listSiteModels(sql), ...(await listFloorPlanTargets(sql)) };
};

/**
 * A floor's plan set or removed: the site's bundle is read, changed and imported again through
 * the same check and `SiteImported` event as any import, so open consoles redraw their map.
 */
async function changeFloorPlan(locals: App.Locals, site: string, building: string, floor: number, image: string | null) {
	const admin = requireRole(locals.user, 'admin');
	const bundle = await readSiteBundle(locals.runtime.sql, site);
	const target = { site, building, floor, removed: image === null };
	const refuse = (floorPlanProblem: FloorPlanAnswer['floorPlanProblem'], problems: BundleProblem[] = []) =>
		fail(400, { floorPlan: target, floorPlanProblem, problems } satisfies FloorPlanAnswer);
	if (!bundle || !Number.isInteger(floor)) return refuse('missing');
	let next;
	try {
		next = withFloorPlan(bundle, building, floor, image);
	} catch {
		return refuse('missing');
	}
	const check = checkSiteBundle(writeBundleFiles(next), getLocale());
	if (!check.ok) return refuse('invalid', check.problems);
	await locals.runtime.importSite(admin, check.bundle, { replace: true });
	return { floorPlan: target, floorPlanProblem: null, problems: [] } satisfies FloorPlanAnswer;
}

export const actions: Actions = {
	/** The same check and import as `PUT /api/sites/{site}/bundle`, from the two uploaded files. */
	import: async ({ locals, request }) => {
		const admin = requireRole(locals.user, 'admin');
		const form = await readFormData(request);
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
	},

	/** Sets one floor's plan image (PNG, JPEG, WebP or SVG), stored in the bundle as a data: URL. */
	floorPlan: async ({ locals, request }) => {
		requireRole(locals.user, 'admin');
		const form = await readFormData(request);
		// `site/building`: a site id has no '/', so the first one splits them.
		const targetValue = String(form.get('target') ?? '');
		const cut = targetValue.indexOf('/');
		const [site, building] = cut > 0 ? [targetValue.slice(0, cut), targetValue.slice(cut + 1)] : [];
		const floor = Number(form.get('floor'));
		const file = form.get('image');
		const target = { site: site ?? '', building: building ?? '', floor, removed: false };
		const refuse = (floorPlanProblem: FloorPlanAnswer['floorPlanProblem']) => fail(400, { floorPlan: target, floorPlanProblem, problems: [] } satisfies FloorPlanAnswer);
		if (!site || !building || typeof file === 'string' || !file || file.size === 0) return refuse('missing');
		if (file.size > FLOOR_PLAN_MAX_BYTES) return refuse('too_large');
		if (!(FLOOR_PLAN_TYPES as readonly string[]).includes(file.type)) return refuse('wrong_type');
		const image = `data:${file.type};base64,${Buffer.from(await file.arrayBuffer()).toString('base64')}`;
		return changeFloorPlan(locals, site, building, floor, image);
	},

	floorPlanRemove: async ({ locals, request }) => {
		const form = await readFormData(request);
		return changeFloorPlan(locals, String(form.get('site') ?? ''), String(form.get('building') ?? ''), Number(form.get('floor')), null);
	}
};
