import { describe, expect, it } from 'vitest';
import { channelConfigSchema, type ChannelConfigOf } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { dingtalkBody, dingtalkSign, dingtalkUrl } from './dingtalk';

const SECRET = 'SEC5a3ecf88f2b3eb50db30ecfc00f53033ac909c99bf7f88fd612bda89d7f3a9dc';
// base64(HMAC-SHA256(secret, "1700000000000\n" + secret)), from Python's hmac.
const SIGN = '6O5F/tvvUmbKr2ymOJ0PWyrKAGbwBxjupTxbQ4wDE5M=';
const config = channelConfigSchema.parse({ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=50cb6e954c', secret: SECRET, locale: 'en' }) as ChannelConfigOf<'dingtalk'>;
const message: OutboundMessage = { title: 'Ticket T-12 breached', text: 'Lift 3 down\nfor 30 min', severity: 'critical', link: 'https://sw.example.cn/tickets/T-12', at: '2026-12-01T08:00:00.000Z', kind: 'ticket_breached' };

describe('dingtalkSign', () => {
	it('matches the documented algorithm', () => {
		expect(dingtalkSign(SECRET, 1_700_000_000_000)).toBe(SIGN);
	});
});

describe('dingtalkUrl', () => {
	it('adds timestamp (ms) and the url-encoded sign, keeping the access token', () => {
		const url = dingtalkUrl(config, new Date(1_700_000_000_000));
		expect(url).toBe('https://oapi.dingtalk.com/robot/send?access_token=50cb6e954c&timestamp=1700000000000&sign=6O5F%2FtvvUmbKr2ymOJ0PWyrKAGbwBxjupTxbQ4wDE5M%3D');
		expect(new URL(url).searchParams.get('sign')).toBe(SIGN);
	});
});

describe('dingtalkBody', () => {
	it('is a markdown message: title for the chat list, text with a paragraph per line and the link', () => {
		expect(JSON.parse(dingtalkBody([message], 'en'))).toEqual({
			msgtype: 'markdown',
			markdown: {
				title: '[Critical] Ticket T-12 breached',
				text: '#### Ticket T-12 breached\n\n**Critical**\n\nLift 3 down\n\nfor 30 min\n\n[Open in Shouwang](https://sw.example.cn/tickets/T-12)'
			}
		});
	});

	it('merges a batch into one post', () => {
		const body = JSON.parse(dingtalkBody([message, { ...message, title: 'Second', link: null }], 'en'));
		expect(body.markdown.title).toBe('[Critical] 2 notifications');
		expect(body.markdown.text).toContain('[Critical] Second: Lift 3 down');
	});
});
