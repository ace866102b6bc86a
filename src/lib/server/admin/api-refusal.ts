/**
 * What the admin pages' actions make of a refused JSON API call: the problem by status and
 * the names of the refused fields. The API's own wording stays on the server; the pages word
 * the problem in the reader's language.
 */
export async function refusalOf<Conflict extends string>(
	response: Response,
	conflict: Conflict
): Promise<{ status: number; problem: 'invalid' | 'missing' | 'failed' | Conflict; fields: string[] }> {
	const body = (await response.json().catch(() => null)) as { reasons?: unknown } | null;
	const { status } = response;
	const problem = status === 400 ? 'invalid' : status === 409 ? conflict : status === 404 ? 'missing' : 'failed';
	// A reason reads "field: message"; the page only needs the field.
	const fields = Array.isArray(body?.reasons) ? [...new Set(body.reasons.map((r) => String(r).split(':')[0].split('.')[0]))] : [];
	return { status: status >= 400 ? status : 502, problem, fields };
}
