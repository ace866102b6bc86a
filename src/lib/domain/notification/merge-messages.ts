import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '../site/model';
import { moreSevere, type OutboundMessage, type Severity } from './outbound-message';

/** Items listed in a merged text; the rest are counted in a last line. */
export const MERGED_ITEMS_MAX = 30;

/** A severity in the channel's language. */
export function severityLabel(severity: Severity, locale: Locale): string {
	const opts = { locale };
	switch (severity) {
		case 'critical':
			return m.severity_critical({}, opts);
		case 'major':
			return m.severity_major({}, opts);
		case 'minor':
			return m.severity_minor({}, opts);
		case 'info':
			return m.severity_info({}, opts);
	}
}

/**
 * Several queued messages folded into one, for a channel that must not post them one by one (a
 * rate-limited robot). Title "n notifications"; text one line per message in queue order
 * (`[severity] title: text`, then its link), at most MERGED_ITEMS_MAX and a count of the rest;
 * severity the highest; `at` the first's; link and kind kept only when all share them. One message
 * comes back unchanged.
 */
export function mergeMessages(messages: readonly OutboundMessage[], locale: Locale = 'zh-CN'): OutboundMessage {
	if (messages.length === 0) throw new RangeError('nothing to merge');
	if (messages.length === 1) return messages[0];
	const lines = messages.slice(0, MERGED_ITEMS_MAX).map((msg) => {
		const line = `[${severityLabel(msg.severity, locale)}] ${msg.title}${msg.text ? `: ${msg.text}` : ''}`;
		return msg.link ? `${line}\n${msg.link}` : line;
	});
	if (messages.length > MERGED_ITEMS_MAX) lines.push(m.notify_merged_more({ count: messages.length - MERGED_ITEMS_MAX }, { locale }));
	const first = messages[0];
	return {
		title: m.notify_merged_title({ count: messages.length }, { locale }),
		text: lines.join('\n'),
		severity: messages.map((msg) => msg.severity).reduce(moreSevere),
		link: messages.every((msg) => msg.link === first.link) ? first.link : null,
		at: first.at,
		kind: messages.every((msg) => msg.kind === first.kind) ? first.kind : 'merged'
	};
}
