import { createHmac } from 'node:crypto';
import { m } from '$lib/paraglide/messages.js';
import type { ChannelConfigOf } from '$lib/domain/notification/channel-config';
import { mergeMessages, severityLabel } from '$lib/domain/notification/merge-messages';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/domain/site/model';
import { isAnswer, postJson } from './http-post';
import { judgeRobotAnswer, numberField, type RobotAnswerRules } from './robot-answer';
import { markdownHref, ROBOT_TEXT_MAX_BYTES, ROBOT_TITLE_MAX_BYTES, truncateUtf8 } from './robot-markdown';
import type { SendOptions, SendResult } from './send-result';

/**
 * The Feishu (飞书) custom robot with 签名校验 (signature check): POST a rich-text message
 * (`msg_type: "post"`, the simplest documented type with a title, text and a link) with
 * `timestamp` (seconds, a string) and `sign` in the JSON body:
 * ```json
 * { "timestamp": "1700000000", "sign": "…", "msg_type": "post",
 *   "content": { "post": { "zh_cn": { "title": "…", "content": [[{ "tag": "text", "text": "…" }], …,
 *                                                          [{ "tag": "a", "text": "…", "href": "https://…" }]] } } } }
 * ```
 * A paragraph per line of text. The `zh_cn` block is the one every client shows, whatever the
 * message's language. It answers `{"code":0,"msg":"success",…}` (older answers
 * `{"StatusCode":0,…}`), or a non-zero code.
 */

/**
 * The 签名校验 signature: base64 of HMAC-SHA256 keyed with `timestamp + "\n" + secret` over an
 * empty message (Feishu's documented form, unlike DingTalk's).
 */
export function feishuSign(secret: string, timestampS: number | string): string {
	return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}

/**
 * Codes not retried: 9499 the body was refused as malformed; 19022 the sender's IP is not on the
 * robot's allow-list; 19024 the message lacks the robot's required keyword: a retry repeats each.
 * 19021 (signature or timestamp) is retried, like DingTalk's, and 11232 (rate limited) too.
 */
const RULES: RobotAnswerRules = {
	codeOf: (a) => numberField(a, 'code') ?? numberField(a, 'StatusCode'),
	prefix: 'code',
	permanent: new Set([9499, 19022, 19024])
};

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

export function feishuPost(message: OutboundMessage, locale: Locale): { title: string; content: PostElement[][] } {
	const lines = truncateUtf8(message.text, ROBOT_TEXT_MAX_BYTES).split(/\r?\n/);
	const href = markdownHref(message.link);
	const content: PostElement[][] = [[{ tag: 'text', text: `[${severityLabel(message.severity, locale)}]` }], ...lines.map((text): PostElement[] => [{ tag: 'text', text }])];
	if (href !== null) content.push([{ tag: 'a', text: m.notify_open_link({}, { locale }), href }]);
	return { title: truncateUtf8(message.title, ROBOT_TITLE_MAX_BYTES), content };
}

export function feishuBody(config: ChannelConfigOf<'feishu'>, messages: readonly OutboundMessage[], now: Date): string {
	const timestamp = String(Math.floor(now.getTime() / 1000));
	return JSON.stringify({
		timestamp,
		sign: feishuSign(config.secret, timestamp),
		msg_type: 'post',
		content: { post: { zh_cn: feishuPost(mergeMessages(messages, config.locale), config.locale) } }
	});
}

export async function sendFeishu(config: ChannelConfigOf<'feishu'>, messages: readonly OutboundMessage[], _deliveryId: string, opts: SendOptions): Promise<SendResult> {
	const answer = await postJson(config.url, feishuBody(config, messages, opts.now), {}, opts);
	return isAnswer(answer) ? judgeRobotAnswer(answer, RULES) : answer;
}
