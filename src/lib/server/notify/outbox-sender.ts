import type { ChannelConfig } from '$lib/domain/notification/channel-config';
import { isRobotKind } from '$lib/domain/notification/channel-config';
import { mergeMessages, MERGED_ITEMS_MAX } from '$lib/domain/notification/merge-messages';
import { RobotBudget } from '$lib/domain/notification/robot-budget';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { Sql } from '../db/client';
import type { OutboxMessage } from '../domain/notification/project';
import { listSiteLabels } from '../domain/site/queries';
import type { Logger } from '../log';
import type { CommittedBus } from '../event-log/bus';
import { sendThrough } from './channels/channel';
import type { SendOptions, SendResult } from './channels/send-result';
import { renderNotification, type RenderSite } from './render';

export type SendThrough = (config: ChannelConfig, messages: OutboundMessage[], deliveryId: string, opts: SendOptions) => Promise<SendResult>;

/** Seconds before the next try after the n-th failure: quick at first, then hours; a day of tries in all. */
const BACKOFF_S = [10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 3600, 7200, 7200, 14400, 14400, 21600, 21600];
export const ATTEMPTS_MAX = BACKOFF_S.length;
/** How long a claimed delivery is left to its sender before another may take it (a sender that died mid-send). */
const CLAIM_MS = 60_000;
const BATCH = 50;
/** After a round that failed (the database unreachable): how long before the next. */
const FAILED_ROUND_PAUSE_MS = 5000;

interface Claimed {
	delivery_id: string;
	channel: string;
	message: OutboxMessage;
	attempts: number;
	kind: string | null;
	config: ChannelConfig | null;
	enabled: boolean | null;
}

/**
 * The outbox's sender: takes due deliveries (claimed with `skip locked`, so several processes
 * share the work and none sends a row another holds), renders each in its channel's language,
 * sends, and records the outcome: sent, retried later with back-off (same delivery id), or failed
 * after a day of tries or at once when the channel's own setting is wrong. Group robots get what
 * waits for them merged into one post and are kept within their rate limits. At least once:
 * a process killed mid-send leaves its claim to expire and the row is sent again, with the same id.
 */
export class OutboxSender {
	#budgets = new Map<string, RobotBudget>();
	#timer: ReturnType<typeof setTimeout> | null = null;
	#running: Promise<void> | null = null;
	#stopped = false;
	#again = false;

	constructor(
		private readonly deps: {
			sql: Sql;
			clock: { now(): Date };
			log: Logger;
			send: SendThrough;
			origin?: string;
			timeoutMs: number;
			pollMs?: number;
		}
	) {}

	start(): void {
		this.#schedule(0);
	}

	/** Look now (a commit raised a notification). */
	wake(): void {
		if (this.#stopped) return;
		if (this.#running) this.#again = true;
		else this.#schedule(0);
	}

	async stop(): Promise<void> {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		await this.#running;
	}

	#schedule(ms: number): void {
		if (this.#stopped) return;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			let failed = false;
			this.#running = this.sendDue()
				.then(() => undefined)
				.catch((err) => {
					failed = true;
					this.deps.log.warn({ err }, 'notification outbox: a round failed; trying again');
				})
				.finally(() => {
					this.#running = null;
					const again = this.#again;
					this.#again = false;
					// A database that is down is not asked again every second: the writer needs it back first.
					this.#schedule(failed ? FAILED_ROUND_PAUSE_MS : again ? 0 : (this.deps.pollMs ?? 1000));
				});
		}, ms);
	}

	/** One round: claim what is due, send it, record the outcomes. The number of deliveries settled (sent or failed). */
	async sendDue(): Promise<number> {
		const { sql, clock } = this.deps;
		const now = clock.now();
		const claimed = await sql<Claimed[]>`
			with due as (
				select delivery_id from notification_outbox
				where status = 'pending' and next_attempt_at <= ${now} and (claimed_until is null or claimed_until < ${now})
				order by next_attempt_at limit ${BATCH} for update skip locked
			), claimed as (
				update notification_outbox o set claimed_until = ${new Date(now.getTime() + CLAIM_MS)}, attempts = o.attempts + 1
				from due where o.delivery_id = due.delivery_id
				returning o.delivery_id, o.channel, o.message, o.attempts, o.next_attempt_at
			)
			select claimed.delivery_id, claimed.channel, claimed.message, claimed.attempts, c.kind, c.config, c.enabled
			from claimed left join notification_channel c on c.id = claimed.channel
			order by claimed.next_attempt_at, claimed.delivery_id`;
		if (!claimed.length) return 0;
		const sites = await listSiteLabels(this.deps.sql, [...new Set(claimed.map((c) => c.message.site))]);
		const byChannel = new Map<string, Claimed[]>();
		for (const row of claimed) byChannel.set(row.channel, [...(byChannel.get(row.channel) ?? []), row]);
		let settled = 0;
		for (const rows of byChannel.values()) settled += await this.#sendChannel(rows, sites);
		return settled;
	}

	async #sendChannel(rows: Claimed[], sites: Map<string, RenderSite>): Promise<number> {
		const first = rows[0];
		if (!first.config || !first.enabled) return this.#record(rows, { ok: false, retryable: false, reason: first.config ? 'channel_disabled' : 'channel_gone' });
		const locale: Locale = first.config.locale ?? 'zh-CN';
		const render = (r: Claimed) => renderNotification(r.message, locale, sites.get(r.message.site), this.deps.origin);
		const config = first.config;
		if (!isRobotKind(config.kind)) {
			let settled = 0;
			for (const r of rows) settled += await this.#record([r], await this.#send(config, [render(r)], r.delivery_id));
			return settled;
		}
		const budget = this.#budgets.get(first.channel) ?? RobotBudget.forRobot(config.kind);
		this.#budgets.set(first.channel, budget);
		const real = new Date();
		if (!budget.canSend(real)) return this.#defer(rows, budget.nextFreeAt(real).getTime() - real.getTime());
		let settled = 0;
		for (let i = 0; i < rows.length; i += MERGED_ITEMS_MAX) {
			const part = rows.slice(i, i + MERGED_ITEMS_MAX);
			const messages = part.map(render);
			budget.record(new Date());
			settled += await this.#record(part, await this.#send(config, messages.length > 1 ? [mergeMessages(messages, locale)] : messages, part[0].delivery_id));
		}
		return settled;
	}

	#send(config: ChannelConfig, messages: OutboundMessage[], deliveryId: string): Promise<SendResult> {
		return this.deps.send(config, messages, deliveryId, { now: new Date(), timeoutMs: this.deps.timeoutMs }).catch((err) => {
			this.deps.log.warn({ err, deliveryId }, 'notification channel threw');
			return { ok: false as const, retryable: true, reason: 'error' };
		});
	}

	/** Record one send's outcome for the rows it carried. */
	async #record(rows: Claimed[], result: SendResult): Promise<number> {
		const { sql, clock } = this.deps;
		const now = clock.now();
		const ids = rows.map((r) => r.delivery_id);
		if (result.ok) {
			await sql`update notification_outbox set status = 'sent', sent_at = ${now}, claimed_until = null, last_error = null where delivery_id = any(${ids})`;
			return rows.length;
		}
		const attempts = Math.max(...rows.map((r) => r.attempts));
		if (!result.retryable || attempts >= ATTEMPTS_MAX) {
			await sql`update notification_outbox set status = 'failed', claimed_until = null, last_error = ${result.reason} where delivery_id = any(${ids})`;
			this.deps.log.warn({ deliveries: ids, reason: result.reason, attempts }, 'notification delivery failed for good');
			return rows.length;
		}
		const next = new Date(now.getTime() + BACKOFF_S[attempts - 1] * 1000);
		await sql`update notification_outbox set next_attempt_at = ${next}, claimed_until = null, last_error = ${result.reason} where delivery_id = any(${ids})`;
		return 0;
	}

	/** A robot over its rate: leave its deliveries for when it has room, not counting this as a try. */
	async #defer(rows: Claimed[], waitMs: number): Promise<number> {
		const next = new Date(this.deps.clock.now().getTime() + Math.max(waitMs, 1000));
		await this.deps.sql`update notification_outbox set next_attempt_at = ${next}, claimed_until = null, attempts = attempts - 1 where delivery_id = any(${rows.map((r) => r.delivery_id)})`;
		return 0;
	}
}

/**
 * Start the outbox's sender: woken by every commit that raised or repeated a notification, and
 * polling for retries. Returns its stop.
 */
export function startNotificationOutbox(deps: { sql: Sql; clock: { now(): Date }; log: Logger; origin?: string; bus: CommittedBus }): () => Promise<void> {
	const outbox = new OutboxSender({ ...deps, send: sendThrough, timeoutMs: 10_000 });
	deps.bus.subscribe((batch) => {
		if (batch.envelopes.some((e) => e.type === 'NotificationRaised' || e.type === 'NotificationRepeated')) outbox.wake();
	});
	outbox.start();
	return () => outbox.stop();
}
