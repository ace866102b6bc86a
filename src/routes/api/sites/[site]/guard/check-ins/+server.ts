import { json } from '@sveltejs/kit';
import { guardCheckInBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, appendPhoneEvent, phoneEvent, readPhoneTimes, requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/** "I am all right": the guard answers the phone's prompt; heard from, like a scan (it ends a noted silence). */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const receivedAt = locals.runtime.clock.now();
	const body = await readJsonBody(request, guardCheckInBody);
	const times = readPhoneTimes(body, receivedAt);
	if (!times.ok) return json({ status: 'rejected', reasons: times.reasons }, { status: 400 });
	const event = phoneEvent(locals.user!, params.site, body, times, receivedAt, { type: 'GuardCheckedIn', data: { guard: link.guard, sentAt: body.sentAt } });
	return answerPhoneItem(await appendPhoneEvent(locals.runtime.writer, event, JSON.stringify(body)));
};
