import { error, json } from '@sveltejs/kit';
import { getChannelConfig, removeChannel, saveChannel } from '$lib/server/domain/notification/channels';
import { channelBody, readChannelInput } from '$lib/server/domain/notification/channel-http';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** Replace a channel's settings; secrets sent back as the redacted form are kept. 200 `{id}`; 404. */
export const PUT: RequestHandler = async ({ params, request, locals }) => {
	const stored = await getChannelConfig(locals.runtime.sql, params.id);
	if (!stored) error(404, 'no such channel');
	const input = readChannelInput(await readJsonBody(request, channelBody), stored);
	const id = await saveChannel(locals.runtime, locals.user!, params.id, input);
	if (!id) error(404, 'no such channel');
	return json({ id });
};

/** Remove a channel (and it from everyone's rules). 204; 404. */
export const DELETE: RequestHandler = async ({ params, locals }) => {
	if (!(await removeChannel(locals.runtime, locals.user!, params.id))) error(404, 'no such channel');
	return new Response(null, { status: 204 });
};
