import { parseDeviceMessage, type DeviceMessageKind } from '$lib/domain/device-message';
import { SYSTEM_STREAM } from '$lib/domain/event';
import type { Origin, WriteOutcome } from '../event-log/types';
import type { IngestWriter } from './writer';

export interface DeviceMessage {
	channel: Origin['channel'];
	topic: string | null;
	site: string;
	device: string;
	kind: DeviceMessageKind;
	raw: Buffer;
	receivedAt: Date;
}

export interface Unroutable {
	channel: Origin['channel'];
	topic: string | null;
	site?: string;
	device?: string;
	reason: string;
	raw: Buffer;
	receivedAt: Date;
}

/**
 * The one entry for device input, shared by the MQTT bridge and the HTTP endpoints:
 * validate, then hand to the single writer; invalid input becomes a dead letter.
 * Resolves once the outcome is committed.
 */
export function createAcceptor(writer: IngestWriter) {
	const reject = (m: Unroutable | DeviceMessage, reasons: string[]): Promise<WriteOutcome> =>
		writer.write({
			kind: 'dead',
			letter: {
				receivedAt: m.receivedAt,
				channel: m.channel,
				topic: m.topic,
				site: m.site ?? null,
				device: m.device ?? null,
				reason: reasons.join('; '),
				raw: m.raw
			}
		});

	return {
		accept(m: DeviceMessage): Promise<WriteOutcome> {
			if (m.site === SYSTEM_STREAM) return reject(m, ['unknown site']);
			const parsed = parseDeviceMessage(m, m.raw);
			if (!parsed.ok) return reject(m, parsed.reasons);
			const origin: Origin = { channel: m.channel, topic: m.topic, raw: m.raw };
			const input = parsed.input;
			if (input.kind === 'status') {
				return writer.write({
					kind: 'status',
					status: { site: input.site, device: input.device, online: input.online, at: input.at, interval: input.interval, receivedAt: m.receivedAt },
					origin
				});
			}
			return writer.write({
				kind: 'event',
				event: {
					stream: input.site,
					type: input.type,
					sourceKind: 'device',
					sourceId: input.device,
					sourceEventId: input.id,
					at: input.at,
					receivedAt: m.receivedAt,
					data: input.data
				},
				origin
			});
		},
		reject(m: Unroutable): Promise<WriteOutcome> {
			return reject(m, [m.reason]);
		}
	};
}

export type Acceptor = ReturnType<typeof createAcceptor>;
