import { guardPanicBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, readPhoneItem } from '$lib/server/domain/guard/phone-items';
import { COMM_FAULT_POINT } from '$lib/domain/incident/model';
import { findOpenPanic } from '$lib/server/domain/guard/queries';
import type { RequestHandler } from './$types';

/**
 * The panic button, held to confirm: a critical `panic` alarm of the guard at their last
 * checkpoint (as the phone knows it), opening an incident like any alarm. Answers with the
 * incident, so the phone can show the press stored and followed.
 */
export const POST: RequestHandler = async (event) => {
	const item = await readPhoneItem(event, guardPanicBody);
	if (item instanceof Response) return item;
	const { body, link } = item;
	const data = { point: body.checkpoint ?? COMM_FAULT_POINT, type: 'panic', severity: 'critical', guard: link.guard, sentAt: body.sentAt } as const;
	const outcome = await item.append({ type: 'AlarmRaised', data });
	const stored = outcome.status === 'stored' || outcome.status === 'duplicate';
	const incident = stored ? await findOpenPanic(event.locals.runtime.sql, event.params.site, link.guard) : null;
	return answerPhoneItem(outcome, incident ? { incident: incident.id } : {});
};
