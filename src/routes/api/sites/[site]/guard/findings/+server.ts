import { json } from '@sveltejs/kit';
import { guardFindingBody, type PhoneItemAnswer } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, appendPhoneEvent, phoneEvent, readPhoneTimes, requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { checkFindingReport } from '$lib/server/domain/finding/report';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * A finding reported on the guard's phone (category, words, a photo sent before it), as the
 * linked guard, source the account: a `FindingReported` on the site's stream through the single
 * writer, stored once per phone id, on the console at once. 400 with reasons for a photo the
 * site does not hold or a checkpoint it does not have (the phone does not retry those).
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const user = locals.user!;
	const { runtime } = locals;
	const receivedAt = runtime.clock.now();
	const body = await readJsonBody(request, guardFindingBody);
	const times = readPhoneTimes(body, receivedAt);
	const reasons = times.ok ? await checkFindingReport(runtime.sql, params.site, user.id, body) : times.reasons;
	if (!times.ok || reasons.length) return json({ status: 'rejected', reasons } satisfies PhoneItemAnswer, { status: 400 });
	const data = {
		finding: body.id,
		guard: link.guard,
		checkpoint: body.checkpoint,
		category: body.category,
		text: body.text,
		photo: body.photo,
		sentAt: body.sentAt,
		...(times.phoneAt ? { phoneAt: times.phoneAt } : {})
	};
	const event = phoneEvent(user, params.site, body, times, receivedAt, { type: 'FindingReported', data });
	return answerPhoneItem(await appendPhoneEvent(runtime.writer, event, JSON.stringify(body)));
};
