import { json } from '@sveltejs/kit';
import { guardPanicBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, appendPhoneEvent, phoneEvent, readPhoneTimes, requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { COMM_FAULT_POINT } from '$lib/domain/incident/model';
import { findOpenPanic } from '$lib/server/domain/guard/queries';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * The panic button, held to confirm: a critical `panic` alarm of the guard at their last
 * checkpoint (as the phone knows it), opening an incident like any alarm. Answers with the
 * incident, so the phone can show the press stored and followed.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const { runtime } = locals;
	const receivedAt = runtime.clock.now();
	const body = await readJsonBody(request, guardPanicBody);
	const times = readPhoneTimes(body, receivedAt);
	if (!times.ok) return json({ status: 'rejected', reasons: times.reasons }, { status: 400 });
	const data = { point: body.checkpoint ?? COMM_FAULT_POINT, type: 'panic', severity: 'critical', guard: link.guard, sentAt: body.sentAt } as const;
	const event = phoneEvent(locals.user!, params.site, body, times, receivedAt, { type: 'AlarmRaised', data });
	const outcome = await appendPhoneEvent(runtime.writer, event, JSON.stringify(body));
	const incident = outcome.status === 'stored' || outcome.status === 'duplicate' ? await findOpenPanic(runtime.sql, params.site, link.guard) : null;
	return answerPhoneItem(outcome, incident ? { incident: incident.id } : {});
};
