import { json } from '@sveltejs/kit';
import { listChannels, saveChannel } from '$lib/server/domain/notification/channels';
import { channelBody, readChannelInput } from '$lib/server/domain/notification/channel-http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * The notification channels. Administrators get each one's settings with its secrets redacted
 * and its last delivery; everyone else the ids, names and kinds they may pick in their own rules.
 */
export const GET: RequestHandler = async ({ locals }) => {
	const channels = await listChannels(locals.runtime.sql);
	const admin = locals.user?.role === 'admin';
	const shown = admin ? channels : channels.filter((c) => c.enabled).map(({ id, name, kind }) => ({ id, name, kind }));
	return json({ channels: shown }, { headers: { 'cache-control': 'no-store' } });
};

/** Add a channel: `{name, config: {kind, …}, kinds?, sites?, enabled?}`. 201 `{id}`; 400 with the reasons. */
export const POST: RequestHandler = async ({ request, locals }) => {
	const input = readChannelInput(await readJsonBody(request, channelBody), null);
	const id = await saveChannel(locals.runtime, locals.user!, null, input);
	return json({ id }, { status: 201 });
};
