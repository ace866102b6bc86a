import { json } from '@sveltejs/kit';
import { listProcedureVersions } from '$lib/server/domain/procedure/queries';
import type { ProcedureVersion } from '$lib/domain/procedure/model';
import type { RequestHandler } from './$types';

/**
 * Every procedure with all its versions (texts in all three languages), current version last:
 * `{procedures: [{id, current, versions: [...]}]}`. The current versions alone are an export
 * that `PUT /api/procedures/{id}` imports back.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const byId = new Map<string, ProcedureVersion[]>();
	for (const v of await listProcedureVersions(locals.runtime.sql)) {
		const list = byId.get(v.id);
		if (list) list.push(v);
		else byId.set(v.id, [v]);
	}
	const procedures = [...byId].map(([id, versions]) => ({ id, current: versions.at(-1)!.version, versions }));
	return json({ procedures }, { headers: { 'cache-control': 'no-store' } });
};
