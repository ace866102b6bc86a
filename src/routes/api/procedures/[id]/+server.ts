import { error, json } from '@sveltejs/kit';
import { procedureSchema } from '$lib/domain/procedure/schema';
import { readJsonBody } from '$lib/server/http/json-body';
import { publishProcedure } from '$lib/server/domain/procedure/commands';
import { requireRole } from '$lib/server/auth/authorization';
import type { RequestHandler } from './$types';

/**
 * Publish a procedure's next version (an admin's edit, or an import of an exported one): 201
 * `{version}`, or 200 `{version, unchanged: true}` when it equals the current version. Open
 * incidents keep the version they opened with.
 */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const user = requireRole(locals.user, 'admin');
	const definition = await readJsonBody(request, procedureSchema);
	if (definition.id !== params.id) error(400, { message: 'the body is another procedure', reason: 'invalid', reasons: [`id: expected ${params.id}`] });
	const outcome = await publishProcedure(locals.runtime.run, definition, { kind: 'user', id: user.id });
	if (!outcome.ok) error(404, 'no such procedure');
	return json({ version: outcome.version, unchanged: outcome.unchanged }, { status: outcome.unchanged ? 200 : 201 });
};
