import { error, fail } from '@sveltejs/kit';
import { requireRole } from '$lib/server/auth/authorization';
import { getPublisherNames, isIncidentKind, listVersionsOf, saveProcedureForm } from '$lib/server/admin/procedure-forms';
import { readFormData } from '$lib/server/http/form-body';
import type { Actions, PageServerLoad } from './$types';

/**
 * One procedure: its versions (the one `?version=` names shown, else the current one) and who
 * published them. Admins edit; what they save is the next version.
 */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireRole(locals.user, 'admin', 'manager');
	if (!isIncidentKind(params.id)) error(404, 'no such procedure');
	const versions = await listVersionsOf(locals.runtime.sql, params.id);
	const current = versions.at(-1) ?? null;
	const wanted = Number(url.searchParams.get('version'));
	const shown = versions.find((v) => v.version === wanted) ?? current;
	return {
		id: params.id,
		versions,
		shown,
		current: current?.version ?? null,
		names: await getPublisherNames(locals.runtime.sql, versions.map((v) => v.publishedBy)),
		mayEdit: user.role === 'admin'
	};
};

export const actions: Actions = {
	/** The editor's form, published as the next version; refused with the problems on their fields and what was typed. */
	save: async ({ request, locals, params }) => {
		const user = requireRole(locals.user, 'admin');
		if (!isIncidentKind(params.id)) error(404, 'no such procedure');
		const outcome = await saveProcedureForm(locals.runtime.run, user, params.id, await readFormData(request));
		return outcome.ok ? { action: 'save' as const, ...outcome } : fail(400, { action: 'save' as const, ...outcome });
	}
};
