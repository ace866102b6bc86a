import { error, json } from '@sveltejs/kit';
import { acknowledgeNotification } from '$lib/server/domain/notification/commands';
import type { RequestHandler } from './$types';

const STATUS = { not_found: 404, not_yours: 403, acknowledged: 409 } as const;

/** A recipient takes a notification: its repeats stop, and the log records who and when. 200 `{notification}`; 403, 404 or 409 `{message, reason}`. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const user = locals.user;
	if (!user) error(401, 'sign in first');
	const outcome = await acknowledgeNotification(locals.runtime.run, user, params.id);
	if (!outcome.ok) return json({ message: `refused: ${outcome.reason.replaceAll('_', ' ')}`, reason: outcome.reason }, { status: STATUS[outcome.reason] });
	return json({ notification: outcome.notification });
};
