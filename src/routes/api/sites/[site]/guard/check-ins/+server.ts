import { guardCheckInBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, readPhoneItem } from '$lib/server/domain/guard/phone-items';
import type { RequestHandler } from './$types';

/** "I am all right": the guard answers the phone's prompt; heard from, like a scan (it ends a noted silence). */
export const POST: RequestHandler = async (event) => {
	const item = await readPhoneItem(event, guardCheckInBody);
	if (item instanceof Response) return item;
	return answerPhoneItem(await item.append({ type: 'GuardCheckedIn', data: { guard: item.link.guard, sentAt: item.body.sentAt } }));
};
