import { parseDeviceMessage, type DeviceInput, type DeviceMessageKind } from '$lib/domain/device/message';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { EventEnvelope, UnnumberedEnvelope } from '$lib/domain/events';
import type { NewEvent, Origin, WriteOutcome } from '../event-log/types';
import { toEnvelope } from '../event-log/append';
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

type EventInput = Exclude<DeviceInput, { kind: 'status' }>;

/** A valid scan or alarm as the event to append. */
const deviceEvent = (input: EventInput, receivedAt: Date): NewEvent =>
	({
		stream: input.site,
		type: input.type,
		sourceKind: 'device',
		sourceId: input.device,
		sourceEventId: input.id,
		at: input.at,
		receivedAt,
		data: input.data
	}) as NewEvent;

/** The envelope the event will have, without the seq it has not got yet. */
function pendingOf(event: NewEvent): PendingAlarm {
	const { seq: _none, ...alarm } = toEnvelope(event, 0);
	return alarm;
}

/** An alarm not committed this long after it arrived is shown as unconfirmed meanwhile. */
export const UNCONFIRMED_AFTER_MS = 2000;

/** An alarm as the console shows it before it is stored: an envelope without a seq. */
export type PendingAlarm = UnnumberedEnvelope;

/**
 * The one entry for device input, shared by the MQTT paths and the HTTP endpoints:
 * validate, then hand to the single writer; invalid input becomes a dead letter.
 * Resolves once the outcome is committed. An alarm that is not committed promptly (the
 * database is down or slow) is handed to `onPendingAlarm` at once, so the console can show
 * it within seconds, marked "not yet stored", as alarm-monitoring standards require.
 */
export function createAcceptor(
	writer: IngestWriter,
	clock: { now(): Date },
	hooks: { onPendingAlarm?: (alarm: PendingAlarm) => void; onRejectedAlarm?: (alarm: PendingAlarm, reasons: string[]) => void } = {}
) {
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

	/** Show the alarm as pending if its commit does not come promptly; right away while the database is down. */
	function watchAlarm(written: Promise<WriteOutcome>, event: NewEvent): void {
		let settled = false;
		const show = () => {
			if (!settled) hooks.onPendingAlarm!(pendingOf(event));
		};
		const timer = writer.healthy ? setTimeout(show, UNCONFIRMED_AFTER_MS) : (show(), undefined);
		void written.then(
			(outcome) => {
				settled = true;
				clearTimeout(timer);
				// The database refused it (it is in the dead-letter table): a console showing it as
				// "not yet stored" must learn it never will be.
				if (outcome.status === 'rejected') hooks.onRejectedAlarm?.(pendingOf(event), outcome.reasons);
			},
			() => ((settled = true), clearTimeout(timer))
		);
	}

	return {
		/** The runtime clock's time: what inputs are stamped as received at. */
		now: () => clock.now(),
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
			const event = deviceEvent(input, m.receivedAt);
			const written = writer.write({ kind: 'event', event, origin });
			if (hooks.onPendingAlarm && (event.type === 'AlarmRaised' || event.type === 'AlarmCleared')) watchAlarm(written, event);
			return written;
		},
		/**
		 * Show a valid alarm as pending without storing it: what the external broker's alarm watch
		 * sees while the database is down (the bridge stores it once the database is back).
		 */
		preview(m: DeviceMessage): void {
			const parsed = parseDeviceMessage(m, m.raw);
			if (!parsed.ok || parsed.input.kind === 'status' || !hooks.onPendingAlarm) return;
			const input = parsed.input;
			if (input.type !== 'AlarmRaised' && input.type !== 'AlarmCleared') return;
			hooks.onPendingAlarm(pendingOf(deviceEvent(input, m.receivedAt)));
		},
		reject(m: Unroutable): Promise<WriteOutcome> {
			return reject(m, [m.reason]);
		}
	};
}

export type Acceptor = ReturnType<typeof createAcceptor>;
