import { error } from '@sveltejs/kit';
import type { z } from 'zod';
import { findNulPath } from './nul';
import { readRawBody } from './raw-body';

/** The most bytes a JSON body may have (the host's own limit is set higher, for photos). */
export const JSON_BODY_LIMIT = 512 * 1024;

/** Deeper than any body the API takes; bounds the NUL scan and whatever walks the value next. */
const MAX_DEPTH = 32;

/**
 * A request's JSON body, checked against `schema`, or a 400/415 thrown with reasons the
 * caller can act on (413 past JSON_BODY_LIMIT). An empty body reads as `{}`. Strings holding NUL are refused here,
 * before they can reach PostgreSQL (which cannot store them in text or jsonb), and so are
 * bodies nested deeper than anything the API takes. Prototype keys (`__proto__`,
 * `constructor`) are inert: JSON.parse makes them own properties and the schemas keep only
 * the keys they declare.
 */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
	const type = request.headers.get('content-type');
	const raw = new TextDecoder().decode(await readRawBody(request, JSON_BODY_LIMIT));
	if (raw.trim() && !isJsonType(type)) error(415, { message: 'send the body as application/json', reason: 'invalid', reasons: ['content-type: expected application/json'] });
	let body: unknown;
	try {
		body = raw.trim() ? JSON.parse(raw) : {};
	} catch {
		error(400, { message: 'the body is not JSON', reason: 'invalid', reasons: ['body: not JSON'] });
	}
	const problem = findNulPath(body, MAX_DEPTH);
	if (problem) error(400, { message: 'invalid request', reason: 'invalid', reasons: [problem] });
	const parsed = schema.safeParse(body);
	if (!parsed.success) {
		error(400, { message: 'invalid request', reason: 'invalid', reasons: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`) });
	}
	return parsed.data;
}

/** `application/json`, with or without parameters such as `charset`, and `+json` types. */
export function isJsonType(type: string | null): boolean {
	const essence = type?.split(';')[0].trim().toLowerCase() ?? '';
	return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}
