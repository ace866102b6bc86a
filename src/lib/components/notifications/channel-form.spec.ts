import { describe, expect, it } from 'vitest';
import { redactChannelConfig, restoreSecrets, SECRET_MASK, channelConfigSchema, type ChannelConfig } from '$lib/domain/notification/channel-config';
import type { ChannelView } from '$lib/server/domain/notification/channels';
import { channelBodyOf, fieldProblemsOf, formOfChannel, isUnofficialRobotUrl, switchKind } from './channel-form';

const viewOf = (config: ChannelConfig, over: Partial<ChannelView> = {}): ChannelView => ({
	id: 'ch-1',
	name: 'Desk robot',
	kind: config.kind,
	config: redactChannelConfig(config),
	kinds: ['ticket_escalated'],
	sites: ['s1'],
	enabled: true,
	updatedAt: '2026-01-01T00:00:00Z',
	last: null,
	...over
});

describe('the channel form', () => {
	it('sends a redacted secret back unchanged, so the server keeps the saved one', () => {
		const stored: ChannelConfig = { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=abc123', secret: 'SECabcdefgh12345', locale: 'zh-CN' };
		const form = formOfChannel(viewOf(stored), 'en');
		expect(form.secret).toBe(SECRET_MASK);
		expect(form.url).toContain(SECRET_MASK);
		const body = channelBodyOf({ ...form, name: ' Desk robot 2 ' });
		expect(body).toMatchObject({ name: 'Desk robot 2', kinds: ['ticket_escalated'], sites: ['s1'], enabled: true });
		expect(channelConfigSchema.parse(restoreSecrets(body.config, stored))).toEqual(stored);
	});

	it('makes an e-mail config of its own fields: a port number, the recipients one per line, no empty user or password', () => {
		const form = { ...formOfChannel(null, 'zh-TW'), kind: 'email' as const, host: ' smtp.example.com ', port: '587', secure: false, from: 'desk@example.com', to: 'a@example.com\n b@example.com,c@example.com\n', url: 'left over' };
		const body = channelBodyOf(form);
		expect(body.config).toEqual({ kind: 'email', host: 'smtp.example.com', port: 587, secure: false, from: 'desk@example.com', to: ['a@example.com', 'b@example.com', 'c@example.com'], locale: 'zh-TW' });
		expect(body.sites).toBeNull();
		expect(channelConfigSchema.safeParse(body.config).success).toBe(true);
		const edited = formOfChannel(viewOf({ ...(body.config as ChannelConfig & { kind: 'email' }), user: 'desk', password: 'pw-1' } as ChannelConfig), 'en');
		expect([edited.port, edited.user, edited.password, edited.to]).toEqual(['587', 'desk', SECRET_MASK, 'a@example.com\nb@example.com\nc@example.com']);
	});

	it('empties hidden secrets when the kind changes (they cannot be restored across kinds)', () => {
		const form = formOfChannel(viewOf({ kind: 'feishu', url: 'https://open.feishu.cn/open-apis/bot/v2/hook/tok', secret: 'feishu-secret', locale: 'en' }), 'en');
		const webhook = switchKind(form, 'webhook');
		expect([webhook.kind, webhook.url, webhook.secret]).toEqual(['webhook', '', '']);
		const typed = switchKind({ ...form, url: 'https://relay.example.com/x', secret: 'typed secret' }, 'dingtalk');
		expect([typed.url, typed.secret]).toEqual(['https://relay.example.com/x', 'typed secret']);
	});

	it('warns of a robot URL that is not the vendor’s, redacted or not, and of nothing else', () => {
		expect(isUnofficialRobotUrl({ kind: 'wecom', url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k1' })).toBe(false);
		expect(isUnofficialRobotUrl({ kind: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${SECRET_MASK}` })).toBe(false);
		expect(isUnofficialRobotUrl({ kind: 'feishu', url: 'http://127.0.0.1:9000/hook' })).toBe(true);
		expect(isUnofficialRobotUrl({ kind: 'feishu', url: '' })).toBe(false);
		expect(isUnofficialRobotUrl({ kind: 'webhook', url: 'http://127.0.0.1:9000/hook' })).toBe(false);
	});

	it("puts the server's reasons on the fields they name", () => {
		expect(fieldProblemsOf(['config.url: masked', 'config.to.1: Invalid email address', 'name: Too small: expected string to have >=1 characters', 'config.password: password_without_user', 'something: else'])).toEqual({
			url: 'masked',
			to: 'invalid',
			name: 'invalid',
			password: 'password_without_user',
			form: 'invalid'
		});
	});
});
