import type { ChannelConfigOf } from '$lib/domain/notification/channel-config';
import { mergeMessages, severityLabel } from '$lib/domain/notification/merge-messages';
import type { OutboundMessage, Severity } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/domain/site/model';
import { isAnswer, postJson } from './http-post';
import { judgeRobotAnswer, numberField, type RobotAnswerRules } from './robot-answer';
import { fitText, markdownLink, ROBOT_TEXT_MAX_BYTES, ROBOT_TITLE_MAX_BYTES, truncateUtf8 } from './robot-markdown';
import type { SendOptions, SendResult } from './send-result';

/**
 * The WeCom (企业微信) group robot: POST `{"msgtype":"markdown","markdown":{"content":"…"}}` to
 * the robot's URL, whose `key` is its only credential (no signature). Content is WeCom's markdown
 * subset, UTF-8, at most 4096 bytes; colours are its three named ones. It answers HTTP 200 with
 * `{"errcode":0,"errmsg":"ok"}`, or a non-zero errcode.
 */

/** WeCom's markdown colours: warning is orange-red, comment grey, info green. */
const COLOUR: Record<Severity, 'warning' | 'comment' | 'info'> = { critical: 'warning', major: 'warning', minor: 'comment', info: 'info' };

/**
 * Codes not retried: 93000 the webhook URL (key) is invalid or the robot was removed; 40058 the
 * request was refused as invalid (a content too long or malformed), which a retry repeats.
 * Others (45009 over the rate limit, system busy) are retried.
 */
const RULES: RobotAnswerRules = { codeOf: (a) => numberField(a, 'errcode'), prefix: 'errcode', permanent: new Set([93000, 40058]) };

export function wecomContent(message: OutboundMessage, locale: Locale): string {
	const head = [`**${truncateUtf8(message.title, ROBOT_TITLE_MAX_BYTES)}**`, `<font color="${COLOUR[message.severity]}">${severityLabel(message.severity, locale)}</font>`];
	const link = markdownLink(message.link, locale);
	return fitText((text) => [...head, text, ...(link ? [link] : [])].join('\n'), message.text, ROBOT_TEXT_MAX_BYTES);
}

export function wecomBody(messages: readonly OutboundMessage[], locale: Locale): string {
	return JSON.stringify({ msgtype: 'markdown', markdown: { content: wecomContent(mergeMessages(messages, locale), locale) } });
}

export async function sendWecom(config: ChannelConfigOf<'wecom'>, messages: readonly OutboundMessage[], _deliveryId: string, opts: SendOptions): Promise<SendResult> {
	const answer = await postJson(config.url, wecomBody(messages, config.locale), {}, opts);
	return isAnswer(answer) ? judgeRobotAnswer(answer, RULES) : answer;
}
