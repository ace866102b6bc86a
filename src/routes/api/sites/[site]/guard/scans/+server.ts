import { guardScanBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, readPhoneItem } from '$lib/server/domain/guard/phone-items';
import { recordArrivals } from '$lib/server/domain/guard/commands';
import type { RequestHandler } from './$types';

/**
 * A checkpoint scanned on the guard's phone: the same ingest path as a handheld's (validated,
 * appended by the single writer, flagged if the plan lacks the checkpoint), as the linked guard,
 * source the account. Stored once per phone id. Once stored, a scan near an incident sent to the
 * guard marks them on scene at the scan's time.
 */
export const POST: RequestHandler = async (event) => {
	const item = await readPhoneItem(event, guardScanBody);
	if (item instanceof Response) return item;
	const { body, times, link, user } = item;
	const { runtime } = event.locals;
	const data = { guard: link.guard, checkpoint: body.checkpoint, method: body.method, sentAt: body.sentAt, ...(times.phoneAt ? { phoneAt: times.phoneAt } : {}) };
	const outcome = await item.append({ type: 'CheckpointScanned', data });
	if (outcome.status === 'stored' || outcome.status === 'duplicate') {
		try {
			await recordArrivals(runtime.run, user, link, { checkpoint: body.checkpoint, at: times.at });
		} catch (err) {
			// The scan is stored; an arrival not recorded now is marked by the operator, or by the next scan.
			runtime.log.warn({ err, site: event.params.site }, 'could not record an arrival from a scan');
		}
	}
	return answerPhoneItem(outcome);
};
