import { guardFindingBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, readPhoneItem, rejectPhoneItem } from '$lib/server/domain/guard/phone-items';
import { checkFindingReport } from '$lib/server/domain/finding/report';
import type { RequestHandler } from './$types';

/**
 * A finding reported on the guard's phone (category, words, a photo sent before it), as the
 * linked guard, source the account: a `FindingReported` on the site's stream through the single
 * writer, stored once per phone id, on the console at once. 400 with reasons for a photo the
 * site does not hold or a checkpoint it does not have (the phone does not retry those).
 */
export const POST: RequestHandler = async (event) => {
	const item = await readPhoneItem(event, guardFindingBody);
	if (item instanceof Response) return item;
	const { body, times, link, user } = item;
	const reasons = await checkFindingReport(event.locals.runtime.sql, event.params.site, user.id, body);
	if (reasons.length) return rejectPhoneItem(reasons);
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
	return answerPhoneItem(await item.append({ type: 'FindingReported', data }));
};
