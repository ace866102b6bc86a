import { describe, expect, it } from 'vitest';
import { channelConfigSchema, type ChannelConfigOf } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { emailFailure, emailMessage } from './email';

const config = channelConfigSchema.parse({ kind: 'email', host: 'smtp.example.cn', port: 587, secure: false, from: 'alerts@example.cn', to: ['duty@example.cn', 'chief@example.cn'], locale: 'en' }) as ChannelConfigOf<'email'>;
const message: OutboundMessage = { title: 'Alarm <gate 2>', text: 'Door forced\nby "someone"', severity: 'critical', link: 'https://sw.example.cn/incidents/I-3', at: '2026-12-01T08:00:00.000Z', kind: 'incident_raised' };
const now = new Date('2026-12-01T08:00:05.000Z');

describe('emailMessage', () => {
	it('addresses every recipient, with the title as subject and the delivery as header and Message-ID', () => {
		const mail = emailMessage(config, [message], 'dlv-42', now);
		expect(mail).toMatchObject({
			from: 'alerts@example.cn',
			to: ['duty@example.cn', 'chief@example.cn'],
			subject: 'Alarm <gate 2>',
			date: now,
			messageId: '<dlv-42.shouwang@example.cn>',
			headers: { 'X-Shouwang-Delivery': 'dlv-42' }
		});
		expect(mail.text).toBe('[Critical] Alarm <gate 2>\n\nDoor forced\nby "someone"\n\nOpen in Shouwang: https://sw.example.cn/incidents/I-3\n');
	});

	it('escapes the HTML body', () => {
		const html = String(emailMessage(config, [message], 'dlv-42', now).html);
		expect(html).toContain('Alarm &#60;gate 2&#62;');
		expect(html).toContain('Door forced<br>by &#34;someone&#34;');
		expect(html).toContain('<a href="https://sw.example.cn/incidents/I-3">Open in Shouwang</a>');
		expect(html).not.toContain('<gate');
	});

	it('titles a merged batch by its count', () => {
		expect(emailMessage(config, [message, message], 'dlv-43', now).subject).toBe('2 notifications');
	});
});

describe('emailFailure', () => {
	it('retries what may mend and not what will fail again', () => {
		expect(emailFailure({ code: 'EAUTH', responseCode: 535 })).toEqual({ ok: false, retryable: false, reason: 'smtp_auth' });
		expect(emailFailure({ code: 'EENVELOPE', responseCode: 550 })).toEqual({ ok: false, retryable: false, reason: 'smtp_550' });
		expect(emailFailure({ code: 'EMESSAGE', responseCode: 451 })).toEqual({ ok: false, retryable: true, reason: 'smtp_451' });
		expect(emailFailure({ code: 'ETIMEDOUT' })).toEqual({ ok: false, retryable: true, reason: 'timeout' });
		expect(emailFailure({ code: 'ESOCKET', errno: -111 })).toEqual({ ok: false, retryable: true, reason: 'refused' });
		expect(emailFailure(new Error('anything'))).toEqual({ ok: false, retryable: true, reason: 'smtp' });
	});
});
