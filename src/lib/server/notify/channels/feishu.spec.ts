import { describe, expect, it } from 'vitest';
import { channelConfigSchema, type ChannelConfigOf } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import { feishuBody, feishuSign } from './feishu';

const SECRET = 'nIMtb7r3N9pkXyXdtAbx6e';
// base64(HMAC-SHA256(key = "1700000000\n" + secret, message = "")), from Python's hmac.
const SIGN = 'FqUQTprkgbuS88NMtixNVpPfOK0JXs6cAMJIfEuF5sk=';
const config = channelConfigSchema.parse({ kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/abc', secret: SECRET }) as ChannelConfigOf<'feishu'>;
const message: OutboundMessage = { title: '工单 T-12 已超时', text: '3 号楼电梯故障\n已超时 30 分钟', severity: 'major', link: 'https://sw.example.cn/tickets/T-12', at: '2026-12-01T08:00:00.000Z', kind: 'ticket_breached' };

describe('feishuSign', () => {
	it('keys the HMAC with timestamp and secret over an empty message', () => {
		expect(feishuSign(SECRET, 1_700_000_000)).toBe(SIGN);
		expect(feishuSign(SECRET, '1700000000')).toBe(SIGN);
	});
});

describe('feishuBody', () => {
	it('is a signed post with the timestamp in seconds, as a string', () => {
		expect(JSON.parse(feishuBody(config, [message], new Date(1_700_000_000_900)))).toEqual({
			timestamp: '1700000000',
			sign: SIGN,
			msg_type: 'post',
			content: {
				post: {
					zh_cn: {
						title: '工单 T-12 已超时',
						content: [
							[{ tag: 'text', text: '[重要]' }],
							[{ tag: 'text', text: '3 号楼电梯故障' }],
							[{ tag: 'text', text: '已超时 30 分钟' }],
							[{ tag: 'a', text: '在守望中打开', href: 'https://sw.example.cn/tickets/T-12' }]
						]
					}
				}
			}
		});
	});

	it('leaves out a link that is not http(s)', () => {
		const body = JSON.parse(feishuBody(config, [{ ...message, link: 'javascript:alert(1)' }], new Date(1_700_000_000_000)));
		expect(JSON.stringify(body)).not.toContain('javascript');
	});
});
