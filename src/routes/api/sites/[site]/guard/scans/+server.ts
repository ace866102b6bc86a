import { json } from '@sveltejs/kit';
import { guardScanBody } from '$lib/domain/guard/phone-input';
import { answerPhoneItem, appendPhoneEvent, phoneEvent, readPhoneTimes, requireLinkedGuard } from '$lib/server/domain/guard/phone-items';
import { recordArrivals } from '$lib/server/domain/guard/commands';
import { readJsonBody } from '$lib/server/http/json-body';
import type { RequestHandler } from './$types';

/**
 * A checkpoint scanned on the guard's phone: the same ingest path as a handheld's (validated,
 * appended by the single writer, flagged if the plan lacks the checkpoint), as the linked guard,
 * source the account. Stored once per phone id. Once stored, a scan near an incident sent to the
 * guard marks them on scene at the scan's time.
 */
export const POST: RequestHandler = async ({ params, locals, request }) => {
	const link = requireLinkedGuard(locals.user, params.site);
	const { runtime } = locals;
	const receivedAt = runtime.clock.now();
	const body = await readJsonBody(request, guardScanBody);
	const times = readPhoneTimes(body, receivedAt);
	if (!times.ok) return json({ status: 'rejected', reasons: times.reasons }, { status: 400 });
	const data = { guard: link.guard, checkpoint: body.checkpoint, method: body.method, sentAt: body.sentAt, ...(times.phoneAt ? { phoneAt: times.phoneAt } : {}) };
	const event = phoneEvent(locals.user!, params.site, body, times, receivedAt, { type: 'CheckpointScanned', data });
	const outcome = await appendPhoneEvent(runtime.writer, event, JSON.stringify(body));
	if (outcome.status === 'stored' || outcome.status === 'duplicate') {
		try {
			await recordArrivals(runtime.run, locals.user!, link, { checkpoint: body.checkpoint, at: times.at });
		} catch (err) {
			// The scan is stored; an arrival not recorded now is marked by the operator, or by the next scan.
			runtime.log.warn({ err, site: params.site }, 'could not record an arrival from a scan');
		}
	}
	return answerPhoneItem(outcome);
};
