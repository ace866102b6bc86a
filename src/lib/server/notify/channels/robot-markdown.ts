import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/domain/site/model';

/**
 * What the robots show, and the byte limits they impose. WeCom refuses markdown content over
 * 4096 UTF-8 bytes (errcode 40058); DingTalk and Feishu take more (Feishu's whole body ≤ 20 KB),
 * but a notification longer than that is unread in a group chat, so all three keep to 4096.
 */
export const ROBOT_TEXT_MAX_BYTES = 4096;
/** Titles longer than this are cut first, so that the text keeps some room. */
export const ROBOT_TITLE_MAX_BYTES = 512;

const ELLIPSIS = '…';
const encoder = new TextEncoder();

export function utf8Length(text: string): number {
	return encoder.encode(text).byteLength;
}

/**
 * `text` cut to at most `maxBytes` UTF-8 bytes, on a character boundary, ending in "…" when cut.
 * (Cutting the encoded bytes and backing off to a lead byte never splits a character, nor a
 * surrogate pair, which UTF-8 encodes as one four-byte sequence.)
 */
export function truncateUtf8(text: string, maxBytes: number): string {
	const bytes = encoder.encode(text);
	if (bytes.byteLength <= maxBytes) return text;
	const room = maxBytes - utf8Length(ELLIPSIS);
	if (room <= 0) return '';
	let end = room;
	while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
	return new TextDecoder().decode(bytes.subarray(0, end)) + ELLIPSIS;
}

/**
 * `render(text)` with `text` cut so that the whole stays within `maxBytes`: the frame around the
 * text (title, severity, link) is kept whole. `render` must insert `text` once, verbatim.
 */
export function fitText(render: (text: string) => string, text: string, maxBytes: number): string {
	const frame = utf8Length(render(''));
	return truncateUtf8(render(truncateUtf8(text, Math.max(0, maxBytes - frame))), maxBytes);
}

/** A link safe inside markdown's `[…](…)`: http(s) only, parentheses and spaces escaped. */
export function markdownHref(link: string | null): string | null {
	if (link === null) return null;
	let url: URL;
	try {
		url = new URL(link);
	} catch {
		return null;
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
	return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29').replace(/ /g, '%20');
}

/** `[Open in Shouwang](https://…)`, or '' without a usable link. */
export function markdownLink(link: string | null, locale: Locale): string {
	const href = markdownHref(link);
	return href === null ? '' : `[${m.notify_open_link({}, { locale })}](${href})`;
}
