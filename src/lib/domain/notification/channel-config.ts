import { z } from 'zod';
import { LOCALES } from '../site/model';

/**
 * How one outbound notification channel is reached: a signed webhook, e-mail over SMTP, or a
 * group robot of WeCom (企业微信), DingTalk (钉钉) or Feishu (飞书). Shared by the admin form in
 * the browser and the senders on the server; the server keeps the secrets and shows the browser
 * only `redactChannelConfig`'s copy.
 */

export const CHANNEL_KINDS = ['webhook', 'email', 'wecom', 'dingtalk', 'feishu'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** The group robots: rate-limited per robot, answering HTTP 200 with an error code on failure. */
export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const satisfies readonly ChannelKind[];
export type RobotKind = (typeof ROBOT_KINDS)[number];

/**
 * Any http(s) URL: the official robot addresses are checked by `isOfficialRobotUrl` as a warning,
 * not a refusal, so that a test or a relay on the LAN can stand in for the robot.
 */
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048).refine(isNotMasked, 'masked');
/** The language of the channel's audience: merged titles, severity labels and test messages. */
const locale = z.enum(LOCALES).default('zh-CN');
const noSpaces = /^\S+$/;

/** What the browser sees in place of a secret. */
export const SECRET_MASK = '••••••••';
/** A redacted secret that came back where it could not be restored is refused, never stored. */
function isNotMasked(value: string): boolean {
	return !value.includes(SECRET_MASK) && !value.includes(encodeURIComponent(SECRET_MASK));
}

export const webhookChannelSchema = z.object({
	kind: z.literal('webhook'),
	url: httpUrl,
	/** Key of the `X-Shouwang-Signature` HMAC; the receiver holds the same. */
	secret: z.string().min(16).max(256).refine(isNotMasked, 'masked'),
	locale
});

export const emailChannelSchema = z
	.object({
		kind: z.literal('email'),
		host: z.string().min(1).max(253).regex(noSpaces),
		port: z.number().int().min(1).max(65535),
		/** TLS from the first byte (port 465); false means plain, upgraded by STARTTLS when offered. */
		secure: z.boolean(),
		user: z.string().min(1).max(256).optional(),
		password: z.string().min(1).max(256).refine(isNotMasked, 'masked').optional(),
		from: z.email().max(254),
		to: z.array(z.email().max(254)).min(1).max(50),
		locale
	})
	.refine((c) => c.password === undefined || c.user !== undefined, { path: ['password'], message: 'password_without_user' });

export const wecomChannelSchema = z.object({
	kind: z.literal('wecom'),
	/** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`: the key is the robot's only secret. */
	url: httpUrl,
	locale
});

export const dingtalkChannelSchema = z.object({
	kind: z.literal('dingtalk'),
	/** `https://oapi.dingtalk.com/robot/send?access_token=…` */
	url: httpUrl,
	/** The robot's 加签 secret, `SEC…` as DingTalk shows it. */
	secret: z.string().max(256).regex(/^SEC\S{8,}$/).refine(isNotMasked, 'masked'),
	locale
});

export const feishuChannelSchema = z.object({
	kind: z.literal('feishu'),
	/** `https://open.feishu.cn/open-apis/bot/v2/hook/…` */
	url: httpUrl,
	/** The robot's 签名校验 secret. */
	secret: z.string().min(8).max(256).regex(noSpaces).refine(isNotMasked, 'masked'),
	locale
});

export const channelConfigSchema = z.discriminatedUnion('kind', [webhookChannelSchema, emailChannelSchema, wecomChannelSchema, dingtalkChannelSchema, feishuChannelSchema]);
export type ChannelConfig = z.infer<typeof channelConfigSchema>;
/** What a form submits: `locale` may be left out. */
export type ChannelConfigInput = z.input<typeof channelConfigSchema>;
export type ChannelConfigOf<K extends ChannelKind> = Extract<ChannelConfig, { kind: K }>;

/**
 * The fields that are secrets, per kind. A robot's URL is one: whoever has it can post to the
 * group (WeCom's `key`, DingTalk's `access_token`, Feishu's hook token); a webhook's may carry a
 * token or a password too.
 */
export const SECRET_FIELDS = {
	webhook: ['url', 'secret'],
	email: ['password'],
	wecom: ['url'],
	dingtalk: ['url', 'secret'],
	feishu: ['url', 'secret']
} as const satisfies { [K in ChannelKind]: readonly (keyof ChannelConfigOf<K>)[] };

/**
 * A secret as the browser may see it: plain secrets become the mask; a URL keeps its scheme,
 * host and path so the admin can tell robots apart, with every query value (and Feishu's hook
 * token, the last path segment) masked and any user:password dropped.
 */
export function redactSecret(kind: ChannelKind, field: string, value: string): string {
	if (field !== 'url') return SECRET_MASK;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		return SECRET_MASK;
	}
	const path = kind === 'feishu' ? url.pathname.replace(/[^/]+$/, SECRET_MASK) : url.pathname;
	const keys = [...new Set(url.searchParams.keys())];
	return `${url.origin}${path}${keys.length ? `?${keys.map((k) => `${encodeURIComponent(k)}=${SECRET_MASK}`).join('&')}` : ''}`;
}

/** The config with each secret replaced by `redactSecret`'s form: safe to send to a browser. */
export function redactChannelConfig<C extends ChannelConfig>(config: C): C {
	const copy: Record<string, unknown> = { ...config };
	for (const field of SECRET_FIELDS[config.kind]) {
		const value = copy[field];
		if (typeof value === 'string') copy[field] = redactSecret(config.kind, field, value);
	}
	return copy as C;
}

/**
 * A submitted config (before parsing) with each secret the browser sent back unchanged, i.e.
 * equal to its redacted form, replaced by the stored value; other fields as submitted. Parse the
 * result with `channelConfigSchema`. A change of kind keeps no secret.
 */
export function restoreSecrets(submitted: unknown, stored: ChannelConfig | null): unknown {
	if (stored === null || typeof submitted !== 'object' || submitted === null) return submitted;
	const copy: Record<string, unknown> = { ...(submitted as Record<string, unknown>) };
	if (copy.kind !== stored.kind) return copy;
	const kept = stored as Record<string, unknown>;
	for (const field of SECRET_FIELDS[stored.kind]) {
		const value = kept[field];
		if (typeof value === 'string' && copy[field] === redactSecret(stored.kind, field, value)) copy[field] = value;
	}
	return copy;
}

const OFFICIAL_ROBOT: Record<RobotKind, { hosts: readonly string[]; path: RegExp; param: string | null }> = {
	wecom: { hosts: ['qyapi.weixin.qq.com'], path: /^\/cgi-bin\/webhook\/send$/, param: 'key' },
	dingtalk: { hosts: ['oapi.dingtalk.com'], path: /^\/robot\/send$/, param: 'access_token' },
	feishu: { hosts: ['open.feishu.cn', 'open.larksuite.com'], path: /^\/open-apis\/bot\/v2\/hook\/[^/]+$/, param: null }
};

/**
 * Whether `url` is the robot's documented address (https, the vendor's host and path, the token
 * present). Any other http(s) URL is accepted by the schema, for tests and relays; the admin form
 * shows a warning when this is false.
 */
export function isOfficialRobotUrl(kind: RobotKind, url: string): boolean {
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return false;
	}
	const rule = OFFICIAL_ROBOT[kind];
	return u.protocol === 'https:' && u.port === '' && rule.hosts.includes(u.hostname) && rule.path.test(u.pathname) && (rule.param === null || (u.searchParams.get(rule.param) ?? '') !== '');
}

export function isRobotKind(kind: ChannelKind): kind is RobotKind {
	return (ROBOT_KINDS as readonly ChannelKind[]).includes(kind);
}
