import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { NOTICE_KINDS } from '$lib/domain/notification/model';
import { listRulesOf, replaceRulesOf } from '$lib/server/domain/notification/rules';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** The caller's own rules: which kinds reach them on which channels, and which repeat until acknowledged. */
export const GET: RequestHandler = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	return json({ rules: await listRulesOf(locals.runtime.sql, user.id) }, { headers: { 'cache-control': 'no-store' } });
};

const rules = z.strictObject({
	rules: z
		.array(
			z.strictObject({
				kind: z.enum(NOTICE_KINDS),
				channels: z.array(z.string().min(1).max(64)).max(20),
				/** Minutes between repeats until acknowledged (1–1440), or null for once. */
				repeatEvery: z.number().int().min(1).max(1440).nullable().default(null)
			})
		)
		.max(NOTICE_KINDS.length)
});

/** Replace the caller's rules: `{rules: [{kind, channels, repeatEvery?}]}`. 200 `{rules}`; 400 `unknown_channel`. */
export const PUT: RequestHandler = async ({ request, locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	const body = await readJsonBody(request, rules);
	const saved = await replaceRulesOf(locals.runtime.sql, user.id, body.rules);
	if (!saved) return json({ message: 'refused: unknown channel', reason: 'unknown_channel' }, { status: 400 });
	return json({ rules: saved });
};
