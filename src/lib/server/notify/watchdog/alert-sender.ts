import type { ChannelConfig } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { WatchdogAlert } from '$lib/domain/notification/watchdog';
import type { Logger } from '../../log';
import type { SendOptions, SendResult } from '../channels/send-result';
import type { WatchdogChannel } from './channels-file';
import { renderAlert, type RenderContext } from './render';

export type SendThrough = (config: ChannelConfig, messages: readonly OutboundMessage[], deliveryId: string, opts: SendOptions) => Promise<SendResult>;

/** Seconds before the next try after the n-th failure: about an hour of tries in all, then given up. */
const BACKOFF_S = [5, 15, 30, 60, 120, 300, 600, 900, 1200];
const SEND_TIMEOUT_MS = 10_000;

interface Delivery {
	channel: WatchdogChannel;
	alerts: WatchdogAlert[];
	/** The same on every try: receivers drop repeats by it. */
	id: string;
	attempts: number;
	dueAt: number;
}

/**
 * Sends the watchdog's alerts, without a database: each channel gets one delivery per round with
 * every alert for it (a group robot merges them into one post; a webhook's body lists them), in
 * its own language, with a delivery id made of the alerts' ids and the channel's, the same on
 * every retry. A failure worth retrying is tried again with back-off for about an hour, in this
 * process's memory only; a failure that is the channel's own setting is logged and dropped. A
 * site's trouble goes to the channels open to that site; the control room's own, to all.
 */
export class AlertSender {
	#queue: Delivery[] = [];
	#rounds: Promise<void> = Promise.resolve();

	constructor(
		private readonly deps: {
			send: SendThrough;
			log: Logger;
			render: RenderContext;
			now?: () => number;
		}
	) {}

	/** Queue the round's alerts for each channel that takes them, and send what is due now. */
	send(alerts: readonly WatchdogAlert[], channels: readonly WatchdogChannel[]): Promise<void> {
		const now = this.#now();
		for (const channel of channels) {
			const mine = alerts.filter((a) => a.trouble.site === null || channel.sites === null || channel.sites.includes(a.trouble.site));
			if (!mine.length) continue;
			const id = `${mine[0].id}${mine.length > 1 ? `+${mine.length - 1}` : ''}/${channel.id}`;
			this.#queue.push({ channel, alerts: mine, id, attempts: 0, dueAt: now });
		}
		return this.sendDue();
	}

	/** Deliveries still to send (retries waiting). */
	get pending(): number {
		return this.#queue.length;
	}

	/** Send every delivery that is due, in a round after any under way (so what was just queued is in it). */
	sendDue(): Promise<void> {
		this.#rounds = this.#rounds.then(() => this.#round()).catch((err) => this.deps.log.error({ err }, 'watchdog: a sending round failed'));
		return this.#rounds;
	}

	async #round(): Promise<void> {
		const now = this.#now();
		const due = this.#queue.filter((d) => d.dueAt <= now);
		this.#queue = this.#queue.filter((d) => d.dueAt > now);
		await Promise.all(due.map((d) => this.#try(d)));
	}

	async #try(d: Delivery): Promise<void> {
		const { config } = d.channel;
		const messages = d.alerts.map((a) => renderAlert(a, config.locale, this.deps.render));
		const result = await this.deps.send(config, messages, d.id, { now: new Date(), timeoutMs: SEND_TIMEOUT_MS }).catch((err): SendResult => {
			this.deps.log.warn({ err, delivery: d.id }, 'watchdog channel threw');
			return { ok: false, retryable: true, reason: 'error' };
		});
		d.attempts++;
		const log = { delivery: d.id, channel: d.channel.id, kinds: messages.map((m) => m.kind), attempts: d.attempts };
		if (result.ok) return void this.deps.log.info(log, 'watchdog alert sent');
		if (!result.retryable || d.attempts > BACKOFF_S.length) return void this.deps.log.error({ ...log, reason: result.reason }, 'watchdog alert not delivered; given up');
		this.deps.log.warn({ ...log, reason: result.reason }, 'watchdog alert not delivered; trying again');
		this.#queue.push({ ...d, dueAt: this.#now() + BACKOFF_S[d.attempts - 1] * 1000 });
	}

	#now(): number {
		return (this.deps.now ?? Date.now)();
	}
}
