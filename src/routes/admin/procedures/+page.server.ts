import { fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/authorization';
import { getPublisherNames, importProcedureFile, listProcedureSummaries } from '$lib/server/admin/procedure-forms';
import { readFormData } from '$lib/server/http/form-body';
import type { Actions, PageServerLoad } from './$types';

/** Every kind of incident and its procedure's current version; who published each. Managers read, admins also import. */
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals.user, 'admin', 'manager');
	const procedures = await listProcedureSummaries(locals.runtime.sql);
	return { procedures, names: await getPublisherNames(locals.runtime.sql, procedures.map((p) => p.publishedBy)), mayEdit: user.role === 'admin' };
};

export const actions: Actions = {
	/** A JSON file of procedures (one or a list): every one checked, then each published (or found unchanged). */
	import: async ({ request, locals }) => {
		const user = requireRole(locals.user, 'admin');
		const outcome = await importProcedureFile(locals.runtime.run, user, (await readFormData(request)).get('file'));
		return outcome.ok ? { action: 'import' as const, ...outcome } : fail(400, { action: 'import' as const, ...outcome });
	}
};
