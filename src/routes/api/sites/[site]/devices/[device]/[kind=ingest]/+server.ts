import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * The MQTT contract over HTTP, for gateways that only speak HTTP. Answers after commit:
 * 201 stored, 200 duplicate, 400 rejected with the reasons (kept as a dead letter).
 * Bodies past the host's BODY_SIZE_LIMIT are refused with 413 before they get here.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const raw = Buffer.from(await request.arrayBuffer());
	const outcome = await locals.runtime.acceptor.accept({
		channel: 'http',
		topic: null,
		site: params.site,
		device: params.device,
		kind: params.kind,
		raw,
		receivedAt: locals.runtime.clock.now()
	});
	switch (outcome.status) {
		case 'stored':
			return json({ id: outcome.envelope.id, status: 'stored', seq: outcome.envelope.seq }, { status: 201 });
		case 'duplicate':
			return json({ status: 'duplicate', seq: outcome.seq }, { status: 200 });
		case 'rejected':
			return json({ status: 'rejected', reasons: outcome.reasons }, { status: 400 });
		default:
			return json({ status: 'rejected', reasons: ['unexpected input'] }, { status: 400 });
	}
};
