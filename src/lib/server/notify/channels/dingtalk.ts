import { createHmac } from 'node:crypto';
import type { ChannelConfigOf } from '$lib/domain/notification/channel-config';
import { mergeMessages, severityLabel } from '$lib/domain/notification/merge-messages';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/domain/site/model';
import { isAnswer, postJson } from './http-post';
import { judgeRobotAnswer, numberField, type RobotAnswerRules } from './robot-answer';
import { fitText, markdownLink, ROBOT_TEXT_MAX_BYTES, ROBOT_TITLE_MAX_BYTES, truncateUtf8 } from './robot-markdown';
import type { SendOptions, SendResult } from './send-result';

/**
 * The DingTalk (钉钉) custom robot with the 加签 (signing) security setting: POST
 * `{"msgtype":"markdown","markdown":{"title":"…","text":"…"}}` to the robot's URL with
 * `timestamp` (ms) and `sign` added to its query. `title` is what the chat list shows; `text` is
 * the message, in DingTalk's markdown (a paragraph per line). It answers `{"errcode":0,…}`, or
 * a non-zero errcode.
 */

/**
 * The 加签 signature: base64 of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`.
 * Returned as base64; it travels percent-encoded in the query (URLSearchParams does that).
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
	return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** The robot's URL with `timestamp` and `sign` for `now`; its other parameters kept. */
export function dingtalkUrl(config: ChannelConfigOf<'dingtalk'>, now: Date): string {
	const url = new URL(config.url);
	const timestamp = now.getTime();
	url.searchParams.set('timestamp', String(timestamp));
	url.searchParams.set('sign', dingtalkSign(config.secret, timestamp));
	return url.href;
}

/**
 * Codes not retried: 300001 and 300005, the access token does not exist (the robot was deleted,
 * or the URL is wrong). 310000 (signature, timestamp, keyword or IP check failed) is retried: a
 * signature fails as well on a clock that is off, which mends. 130101 (too fast) is retried.
 */
const RULES: RobotAnswerRules = { codeOf: (a) => numberField(a, 'errcode'), prefix: 'errcode', permanent: new Set([300001, 300005]) };

export function dingtalkMarkdown(message: OutboundMessage, locale: Locale): { title: string; text: string } {
	const label = severityLabel(message.severity, locale);
	const title = truncateUtf8(message.title, ROBOT_TITLE_MAX_BYTES);
	const link = markdownLink(message.link, locale);
	// DingTalk joins single newlines into one paragraph: each line is made its own.
	const body = message.text.replace(/\r?\n/g, '\n\n');
	const text = fitText((t) => [`#### ${title}`, `**${label}**`, t, ...(link ? [link] : [])].join('\n\n'), body, ROBOT_TEXT_MAX_BYTES);
	return { title: `[${label}] ${title}`, text };
}

export function dingtalkBody(messages: readonly OutboundMessage[], locale: Locale): string {
	return JSON.stringify({ msgtype: 'markdown', markdown: dingtalkMarkdown(mergeMessages(messages, locale), locale) });
}

export async function sendDingtalk(config: ChannelConfigOf<'dingtalk'>, messages: readonly OutboundMessage[], _deliveryId: string, opts: SendOptions): Promise<SendResult> {
	const answer = await postJson(dingtalkUrl(config, opts.now), dingtalkBody(messages, config.locale), {}, opts);
	return isAnswer(answer) ? judgeRobotAnswer(answer, RULES) : answer;
}
