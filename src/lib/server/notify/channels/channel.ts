import type { ChannelConfig, ChannelConfigOf, ChannelKind } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { sendDingtalk } from './dingtalk';
import { sendEmail } from './email';
import { sendFeishu } from './feishu';
import type { SendOptions, SendResult } from './send-result';
import { sendWebhook } from './webhook';
import { sendWecom } from './wecom';

export type { OutboundMessage } from '$lib/domain/notification/outbound-message';
export type { SendOptions, SendResult } from './send-result';

/**
 * One outbound channel kind: sends a message, or a batch the channel shows as one, and says
 * how that went. A sender never throws for a failed delivery and never retries by itself: the
 * delivery worker decides from `SendResult.retryable`, and passes the same `deliveryId` again.
 */
export type Sender<K extends ChannelKind> = (config: ChannelConfigOf<K>, messages: readonly OutboundMessage[], deliveryId: string, opts: SendOptions) => Promise<SendResult>;

const SENDERS: { [K in ChannelKind]: Sender<K> } = {
	webhook: sendWebhook,
	email: sendEmail,
	wecom: sendWecom,
	dingtalk: sendDingtalk,
	feishu: sendFeishu
};

/**
 * Send `messages` (one, or a batch merged into one post, mail or webhook body) through the
 * channel `config` describes, once, within `opts.timeoutMs`. `deliveryId` identifies the delivery
 * across retries (the webhook's `X-Shouwang-Delivery`, the mail's `Message-ID`). Throws only on a
 * caller's error: an empty batch.
 */
export function sendThrough(config: ChannelConfig, messages: readonly OutboundMessage[], deliveryId: string, opts: SendOptions): Promise<SendResult> {
	if (messages.length === 0) throw new RangeError('sendThrough: no messages');
	const send = SENDERS[config.kind] as Sender<ChannelKind>;
	return send(config, messages, deliveryId, opts);
}
