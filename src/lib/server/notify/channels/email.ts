import { constants } from 'node:os';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { m } from '$lib/paraglide/messages.js';
import type { ChannelConfigOf } from '$lib/domain/notification/channel-config';
import { mergeMessages, severityLabel } from '$lib/domain/notification/merge-messages';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/domain/site/model';
import { failed, SENT, type SendOptions, type SendResult } from './send-result';
import { DELIVERY_HEADER } from './webhook';

/**
 * E-mail over SMTP (nodemailer). One message per delivery, to every address of the channel:
 * subject the title ("n notifications" for a merged batch), a text and a simple HTML body, the
 * header `X-Shouwang-Delivery` and a `Message-ID` made from the delivery id, so that a retry of a
 * delivery that did arrive is the same message to the receiving side. A transport is made per
 * send and closed after it: deliveries are few, and nothing is held between them.
 */

/** The mail for a delivery (nodemailer's message options). */
export function emailMessage(config: ChannelConfigOf<'email'>, messages: readonly OutboundMessage[], deliveryId: string, now: Date): Mail.Options {
	const message = mergeMessages(messages, config.locale);
	return {
		from: config.from,
		to: config.to,
		subject: message.title.replace(/\s+/g, ' ').trim(),
		text: emailText(message, config.locale),
		html: emailHtml(message, config.locale),
		date: now,
		messageId: `<${deliveryId.replace(/[^A-Za-z0-9._-]/g, '_')}.shouwang@${config.from.split('@')[1]}>`,
		headers: { [DELIVERY_HEADER]: deliveryId },
		disableFileAccess: true,
		disableUrlAccess: true
	};
}

function emailText(message: OutboundMessage, locale: Locale): string {
	const parts = [`[${severityLabel(message.severity, locale)}] ${message.title}`, message.text];
	if (message.link) parts.push(`${m.notify_open_link({}, { locale })}: ${message.link}`);
	return parts.join('\n\n') + '\n';
}

function emailHtml(message: OutboundMessage, locale: Locale): string {
	const link = message.link && /^https?:\/\//i.test(message.link) ? `<p><a href="${escapeHtml(message.link)}">${escapeHtml(m.notify_open_link({}, { locale }))}</a></p>` : '';
	return [
		`<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(message.title)}</title></head><body>`,
		`<p><strong>[${escapeHtml(severityLabel(message.severity, locale))}]</strong> ${escapeHtml(message.title)}</p>`,
		`<p>${escapeHtml(message.text).replace(/\r?\n/g, '<br>')}</p>`,
		link,
		'</body></html>'
	].join('\n');
}

function escapeHtml(s: string): string {
	return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export async function sendEmail(config: ChannelConfigOf<'email'>, messages: readonly OutboundMessage[], deliveryId: string, opts: SendOptions): Promise<SendResult> {
	const transport = nodemailer.createTransport({
		host: config.host,
		port: config.port,
		secure: config.secure,
		auth: config.user === undefined ? undefined : { user: config.user, pass: config.password ?? '' },
		connectionTimeout: opts.timeoutMs,
		greetingTimeout: opts.timeoutMs,
		socketTimeout: opts.timeoutMs
	});
	let timer: ReturnType<typeof setTimeout> | undefined;
	// nodemailer's timeouts bound each wait; this bounds the whole exchange.
	const overall = new Promise<SendResult>((resolve) => {
		timer = setTimeout(() => resolve(failed('timeout', true)), opts.timeoutMs);
	});
	try {
		return await Promise.race([
			transport.sendMail(emailMessage(config, messages, deliveryId, opts.now)).then(
				() => SENT,
				(err: unknown) => emailFailure(err)
			),
			overall
		]);
	} finally {
		clearTimeout(timer);
		transport.close();
	}
}

/**
 * An SMTP failure as a result: a refused login, and a 5xx reply (a recipient or the message
 * refused), are not retried; a 4xx reply (greylisting, a full mailbox, a busy server) and
 * connection troubles are.
 */
export function emailFailure(err: unknown): SendResult {
	const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; errno?: unknown };
	if (e.code === 'EAUTH') return failed('smtp_auth', false);
	if (typeof e.responseCode === 'number') return failed(`smtp_${e.responseCode}`, e.responseCode < 500);
	if (e.code === 'ETIMEDOUT') return failed('timeout', true);
	if (e.code === 'EDNS') return failed('dns', true);
	if (e.errno === -constants.errno.ECONNREFUSED) return failed('refused', true);
	if (e.code === 'ETLS') return failed('tls', true);
	return failed('smtp', true);
}
