import { json } from '@sveltejs/kit';
import { guardAcceptBody, type PhoneItemAnswer } from '$lib/domain/guard/phone-input';
import { acceptDispatch } from '$lib/server/domain/guard/commands';
import { requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * The guard takes an incident sent to the phone. Taken already (a retry, or a second tap) answers
 * as a duplicate: the phone shows it taken either way. Not the guard's, or no longer open: 400.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const body = await readJsonBody(request, guardAcceptBody);
	const outcome = await acceptDispatch(locals.runtime.run, locals.user!, link, body);
	let answer: PhoneItemAnswer;
	if (outcome.ok) {
		// An empty append is this item stored before (its id is the event's source id).
		const seq = outcome.envelopes[0]?.seq;
		answer = seq !== undefined ? { status: 'stored', seq, incident: body.incident } : { status: 'duplicate', seq: 0, incident: body.incident };
		return json(answer, { status: seq !== undefined ? 201 : 200 });
	}
	if (outcome.reason === 'already_accepted') return json({ status: 'duplicate', seq: 0, incident: body.incident } satisfies PhoneItemAnswer);
	answer = { status: 'rejected', reasons: [`incident: ${outcome.reason.replaceAll('_', ' ')}`] };
	return json(answer, { status: 400 });
};
