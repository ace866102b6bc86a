import { requireRole } from '$lib/server/auth/authorization';
import { listChannels } from '$lib/server/domain/notification/channels';
import { listSites } from '$lib/server/domain/site/queries';
import type { PageServerLoad } from './$types';

/**
 * The notification channels, their secrets redacted, each with its last delivery; and the sites a
 * channel may be limited to. The page saves, tests and removes them through the channels' API.
 */
export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals.user, 'admin');
	const [channels, sites] = await Promise.all([listChannels(locals.runtime.sql), listSites(locals.runtime.sql)]);
	return { channels, sites: sites.map(({ id, name }) => ({ id, name })) };
};
