import { createHmac } from 'node:crypto';
import type { ChannelConfigOf } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { isAnswer, judgeStatus, postJson } from './http-post';
import type { SendOptions, SendResult } from './send-result';

/**
 * The generic webhook: a signed JSON POST any system can receive.
 *
 * Body (UTF-8 JSON):
 * ```json
 * { "version": 1, "deliveryId": "…", "sentAt": "2026-…Z",
 *   "messages": [{ "kind": "ticket_breached", "title": "…", "text": "…",
 *                  "severity": "critical|major|minor|info", "link": "https://…" | null, "at": "2026-…Z" }] }
 * ```
 * Headers: `X-Shouwang-Delivery` the delivery id, the same on every retry of the delivery (a
 * receiver drops one it has seen); `X-Shouwang-Signature` the lowercase hex HMAC-SHA256 of the
 * body's exact bytes, keyed with the channel's secret (compare in constant time). An answer 2xx
 * is delivered; 408, 429, 5xx and network failures are retried; any other status is not.
 */

export const DELIVERY_HEADER = 'X-Shouwang-Delivery';
export const SIGNATURE_HEADER = 'X-Shouwang-Signature';

/** Lowercase hex HMAC-SHA256 of `body` (a string is taken as UTF-8), keyed with `secret`. */
export function webhookSignature(secret: string, body: string | Uint8Array): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

/** The JSON body of a delivery, as sent (and signed). */
export function webhookBody(messages: readonly OutboundMessage[], deliveryId: string, now: Date): string {
	return JSON.stringify({
		version: 1,
		deliveryId,
		sentAt: now.toISOString(),
		messages: messages.map(({ kind, title, text, severity, link, at }) => ({ kind, title, text, severity, link, at }))
	});
}

export async function sendWebhook(config: ChannelConfigOf<'webhook'>, messages: readonly OutboundMessage[], deliveryId: string, opts: SendOptions): Promise<SendResult> {
	const body = webhookBody(messages, deliveryId, opts.now);
	const answer = await postJson(config.url, body, { [DELIVERY_HEADER]: deliveryId, [SIGNATURE_HEADER]: webhookSignature(config.secret, body) }, opts);
	return isAnswer(answer) ? judgeStatus(answer.status) : answer;
}
