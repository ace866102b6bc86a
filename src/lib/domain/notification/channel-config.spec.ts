import { describe, expect, it } from 'vitest';
import { channelConfigSchema, isOfficialRobotUrl, redactChannelConfig, restoreSecrets, SECRET_MASK, webhookChannelSchema, wecomChannelSchema, type ChannelConfig } from './channel-config';

const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const DINGTALK = 'https://oapi.dingtalk.com/robot/send?access_token=50cb6e954c89afa14fb97754eafd886d';
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd';
const parse = (v: unknown) => channelConfigSchema.safeParse(v);

describe('channelConfigSchema', () => {
	it('accepts each kind, with the locale defaulting to zh-CN', () => {
		const ok: unknown[] = [
			{ kind: 'webhook', url: 'https://hooks.example.cn/shouwang', secret: '0123456789abcdef' },
			{ kind: 'email', host: 'smtp.example.cn', port: 465, secure: true, user: 'alerts', password: 'pw', from: 'alerts@example.cn', to: ['duty@example.cn'] },
			{ kind: 'wecom', url: WECOM },
			{ kind: 'dingtalk', url: DINGTALK, secret: 'SEC5a3ecf88f2b3eb50db30ecfc00f53033' },
			{ kind: 'feishu', url: FEISHU, secret: 'nIMtb7r3N9pkXyXdtAbx6e', locale: 'en' }
		];
		for (const v of ok) expect(parse(v).success, JSON.stringify(v)).toBe(true);
		expect(parse(ok[0]).data?.locale).toBe('zh-CN');
		expect(parse(ok[4]).data?.locale).toBe('en');
	});

	it('accepts any http(s) URL for a robot, for tests and relays', () => {
		expect(parse({ kind: 'wecom', url: 'http://127.0.0.1:8080/cgi-bin/webhook/send?key=k' }).success).toBe(true);
	});

	it('refuses what cannot work', () => {
		const bad: unknown[] = [
			{ kind: 'webhook', url: 'ftp://example.cn/x', secret: '0123456789abcdef' },
			{ kind: 'webhook', url: 'https://example.cn/x', secret: 'too-short' },
			{ kind: 'email', host: 'smtp.example.cn', port: 0, secure: false, from: 'a@example.cn', to: ['b@example.cn'] },
			{ kind: 'email', host: 'smtp.example.cn', port: 25, secure: false, from: 'a@example.cn', to: [] },
			{ kind: 'email', host: 'smtp.example.cn', port: 25, secure: false, from: 'a@example.cn', to: ['not an address'] },
			{ kind: 'email', host: 'smtp.example.cn', port: 25, secure: false, password: 'pw', from: 'a@example.cn', to: ['b@example.cn'] },
			{ kind: 'dingtalk', url: DINGTALK, secret: 'not-a-sec-secret' },
			{ kind: 'feishu', url: FEISHU, secret: '' },
			{ kind: 'sms', url: FEISHU }
		];
		for (const v of bad) expect(parse(v).success, JSON.stringify(v)).toBe(false);
	});
});

describe('isOfficialRobotUrl', () => {
	it('knows each robot’s documented address', () => {
		expect(isOfficialRobotUrl('wecom', WECOM)).toBe(true);
		expect(isOfficialRobotUrl('dingtalk', DINGTALK)).toBe(true);
		expect(isOfficialRobotUrl('feishu', FEISHU)).toBe(true);
		expect(isOfficialRobotUrl('feishu', 'https://open.larksuite.com/open-apis/bot/v2/hook/abc')).toBe(true);
	});

	it('warns about another host, plain http, a missing token or the wrong robot', () => {
		expect(isOfficialRobotUrl('wecom', WECOM.replace('https:', 'http:'))).toBe(false);
		expect(isOfficialRobotUrl('wecom', 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=')).toBe(false);
		expect(isOfficialRobotUrl('wecom', 'http://127.0.0.1:8080/cgi-bin/webhook/send?key=k')).toBe(false);
		expect(isOfficialRobotUrl('dingtalk', WECOM)).toBe(false);
		expect(isOfficialRobotUrl('feishu', 'https://open.feishu.cn/open-apis/bot/v2/hook/')).toBe(false);
		expect(isOfficialRobotUrl('feishu', 'not a url')).toBe(false);
	});
});

describe('redactChannelConfig and restoreSecrets', () => {
	const dingtalk = channelConfigSchema.parse({ kind: 'dingtalk', url: DINGTALK, secret: 'SEC5a3ecf88f2b3eb50db30ecfc00f53033' });
	const feishu = channelConfigSchema.parse({ kind: 'feishu', url: FEISHU, secret: 'nIMtb7r3N9pkXyXdtAbx6e' });
	const email = channelConfigSchema.parse({ kind: 'email', host: 'smtp.example.cn', port: 587, secure: false, user: 'u', password: 'hunter2', from: 'a@example.cn', to: ['b@example.cn'] });

	it('masks every secret and keeps what tells channels apart', () => {
		expect(redactChannelConfig(dingtalk)).toEqual({ ...dingtalk, url: `https://oapi.dingtalk.com/robot/send?access_token=${SECRET_MASK}`, secret: SECRET_MASK });
		expect(redactChannelConfig(feishu)).toMatchObject({ url: `https://open.feishu.cn/open-apis/bot/v2/hook/${SECRET_MASK}`, secret: SECRET_MASK });
		expect(redactChannelConfig(email)).toEqual({ ...email, password: SECRET_MASK });
		const redacted = JSON.stringify([dingtalk, feishu, email].map(redactChannelConfig));
		for (const secret of ['50cb6e954c89afa14fb97754eafd886d', 'SEC5a3ecf88f2b3eb50db30ecfc00f53033', '5e3d587e-d78e', 'nIMtb7r3N9pkXyXdtAbx6e', 'hunter2']) expect(redacted).not.toContain(secret);
	});

	it('drops a password from a URL', () => {
		const webhook = webhookChannelSchema.parse({ kind: 'webhook', url: 'https://user:pw@hooks.example.cn/in', secret: '0123456789abcdef' });
		expect(redactChannelConfig(webhook).url).toBe('https://hooks.example.cn/in');
		const wecom = wecomChannelSchema.parse({ kind: 'wecom', url: 'https://user:pw@relay.example.cn/send?key=k' });
		expect(redactChannelConfig(wecom).url).toBe(`https://relay.example.cn/send?key=${SECRET_MASK}`);
	});

	it('keeps a stored secret the form sent back masked, and takes a changed one', () => {
		const back = { ...redactChannelConfig(dingtalk), locale: 'en' };
		expect(channelConfigSchema.parse(restoreSecrets(back, dingtalk))).toEqual({ ...dingtalk, locale: 'en' });
		const changed = { ...back, secret: 'SECnew-secret-value' };
		expect(restoreSecrets(changed, dingtalk)).toMatchObject({ url: DINGTALK, secret: 'SECnew-secret-value' });
	});

	it('keeps nothing across a change of kind, or without a stored config', () => {
		const back = { ...redactChannelConfig(feishu), kind: 'wecom' };
		expect(restoreSecrets(back, feishu)).toEqual(back);
		expect(restoreSecrets(redactChannelConfig(feishu), null)).toEqual(redactChannelConfig(feishu));
		expect(channelConfigSchema.safeParse(restoreSecrets(back, feishu as ChannelConfig)).success).toBe(false);
	});
});
