import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/domain/site/model';
import { checkSiteBundle, type BundleCheck } from '$lib/domain/site/bundle/check';
import { PLAN_FILE, SITE_FILE, writeBundleFiles, type BundleFiles } from '$lib/domain/site/bundle/bundle';
import type { SiteBundle } from '$lib/domain/site/model';

/** Largest bundle file accepted: a plan with floor-plan images inlined stays well below it. */
export const MAX_BUNDLE_FILE_BYTES = 20 * 1024 * 1024;

export type UploadRead = { ok: true; files: BundleFiles } | { ok: false; missing: string[]; tooLarge: string[] };

/** The two files of a multipart upload (fields `site` and `plan`, as files or text). */
export async function readBundleUpload(form: FormData): Promise<UploadRead> {
	const read = async (field: string): Promise<{ text: string } | 'missing' | 'too_large'> => {
		const v = form.get(field);
		if (v === null || (typeof v !== 'string' && v.size === 0)) return 'missing';
		const size = typeof v === 'string' ? Buffer.byteLength(v) : v.size;
		if (size > MAX_BUNDLE_FILE_BYTES) return 'too_large';
		return { text: typeof v === 'string' ? v : await v.text() };
	};
	const [site, plan] = await Promise.all([read('site'), read('plan')]);
	const named = [[SITE_FILE, site], [PLAN_FILE, plan]] as const;
	const missing = named.filter(([, r]) => r === 'missing').map(([f]) => f);
	const tooLarge = named.filter(([, r]) => r === 'too_large').map(([f]) => f);
	if (typeof site === 'string' || typeof plan === 'string') return { ok: false, missing, tooLarge };
	return { ok: true, files: { site: site.text, plan: plan.text } };
}

/** The check, plus the rule that a bundle uploaded to a site's address must be that site's. */
export function checkUploadFor(site: string | null, files: BundleFiles, locale: Locale): BundleCheck {
	const check = checkSiteBundle(files, locale);
	if (!check.ok || site === null || check.bundle.site.id === site) return check;
	return { ok: false, more: 0, problems: [{ file: SITE_FILE, line: 1, column: 1, feature: null, field: 'site.id', message: m.bundle_site_mismatch({ site }, { locale }) }] };
}

/**
 * A stored model as its bundle's files. It is read back through the check, which puts every
 * object's keys in the schema's order (jsonb keeps its own), so an export is canonical, and a
 * model the check would now refuse fails here instead of leaving as a file nobody can import.
 */
export function exportBundleFiles(bundle: SiteBundle): BundleFiles {
	const check = checkSiteBundle(writeBundleFiles(bundle), 'en');
	if (!check.ok) throw new Error(`site ${bundle.site.id}: its stored model fails the bundle check: ${check.problems.slice(0, 3).map((p) => `${p.file}:${p.line} ${p.field} ${p.message}`).join('; ')}`);
	return writeBundleFiles(check.bundle);
}
