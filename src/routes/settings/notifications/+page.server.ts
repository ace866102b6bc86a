import { error } from '@sveltejs/kit';
import { listChannels } from '$lib/server/domain/notification/channels';
import { listRulesOf } from '$lib/server/domain/notification/rules';
import type { PageServerLoad } from './$types';

/** The signed-in person's own rules, and the channels they may pick (the enabled ones: id, name and kind only). */
export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	const [rules, channels] = await Promise.all([listRulesOf(locals.runtime.sql, user.id), listChannels(locals.runtime.sql)]);
	return { rules, channels: channels.filter((c) => c.enabled).map(({ id, name, kind }) => ({ id, name, kind })) };
};
