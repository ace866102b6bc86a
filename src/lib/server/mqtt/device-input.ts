import type { Acceptor } from '../ingest/accept';
import type { WriteOutcome } from '../event-log/types';
import { mayRetain, routeTopic } from './topics';

export interface Receipt {
	id: string | null;
	status: 'stored' | 'duplicate' | 'rejected';
	reason?: string;
}

export type SendReceipt = (site: string, device: string, receipt: Receipt) => void;

function receiptOf(outcome: WriteOutcome, id: string | null): Receipt | null {
	switch (outcome.status) {
		case 'stored':
			return { id, status: 'stored' };
		case 'duplicate':
			return { id, status: 'duplicate' };
		case 'rejected':
			return { id, status: 'rejected', reason: outcome.reasons.join('; ') };
		default:
			return null;
	}
}

/** Best effort: the `id` of a payload that failed validation, so the device can match the receipt. */
function peekId(raw: Buffer): string | null {
	if (raw.byteLength > 64 * 1024) return null;
	try {
		const id = (JSON.parse(raw.toString('utf8')) as { id?: unknown }).id;
		return typeof id === 'string' && id.length <= 128 ? id : null;
	} catch {
		return null;
	}
}

/** The dead-letter reason (and receipt reason) of a retained scan or alarm the broker replayed. */
const RETAINED_REASON = 'retained: replayed by the broker from its retained messages, not a new message (publish scans and alarms with retain=false)';

/**
 * One device message from MQTT, whichever way it came (the embedded broker's own hook or the
 * bridge to an external broker): route by topic, accept or dead-letter, and once that is
 * committed send the device its receipt. Resolves after the commit, so the caller can
 * acknowledge the message to the broker then and not before.
 *
 * `replayed`: the broker delivered it from its retained messages because a subscription was
 * made (MQTT 3.1.1 §3.3.1.3 sets RETAIN on delivery only then), not because a device just
 * published it. Such a scan or alarm was taken when it was first published, or was published
 * before anyone listened; it is dead-lettered rather than taken as new.
 */
export function createMqttInput(acceptor: Acceptor, sendReceipt: SendReceipt) {
	return async function handle(topic: string, raw: Buffer, replayed = false): Promise<void> {
		const receivedAt = acceptor.now();
		const route = routeTopic(topic);
		if (route.route === 'receipt') return;
		if (replayed && !mayRetain(topic)) {
			const { site, device } = route;
			const outcome = await acceptor.reject({ channel: 'mqtt', topic, site, device, reason: RETAINED_REASON, raw, receivedAt });
			if (site && device) sendReceipt(site, device, receiptOf(outcome, peekId(raw))!);
			return;
		}
		if (route.route === 'unknown') {
			const outcome = await acceptor.reject({ channel: 'mqtt', topic, site: route.site, device: route.device, reason: route.reason, raw, receivedAt });
			if (route.site && route.device) sendReceipt(route.site, route.device, receiptOf(outcome, peekId(raw))!);
			return;
		}
		const outcome = await acceptor.accept({ channel: 'mqtt', topic, site: route.site, device: route.device, kind: route.kind, raw, receivedAt });
		if (route.kind === 'status' && outcome.status !== 'rejected') return;
		const id = outcome.status === 'stored' ? outcome.envelope.id : peekId(raw);
		const receipt = receiptOf(outcome, id);
		if (receipt) sendReceipt(route.site, route.device, receipt);
	};
}

export type MqttInput = ReturnType<typeof createMqttInput>;
