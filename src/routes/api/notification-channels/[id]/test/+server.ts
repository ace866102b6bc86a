import { error, json } from '@sveltejs/kit';
import { z } from 'zod';
import { LOCALES } from '$lib/domain/site/model';
import { getChannelConfig } from '$lib/server/domain/notification/channels';
import { testChannel } from '$lib/server/notify/channels/test-message';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * Send one test message through a channel now, in `locale` (the channel's own by default), and
 * answer how it went: `{ok: true}` or `{ok: false, retryable, reason}` (a short code).
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const { locale } = await readJsonBody(request, z.strictObject({ locale: z.enum(LOCALES).optional() }));
	const config = await getChannelConfig(locals.runtime.sql, params.id);
	if (!config) error(404, 'no such channel');
	return json(await testChannel(config, locale ?? config.locale));
};
