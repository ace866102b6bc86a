import { isOfficialRobotUrl, isRobotKind, SECRET_MASK, type ChannelConfigInput, type ChannelKind } from '$lib/domain/notification/channel-config';
import type { NotificationKind } from '$lib/domain/notification/model';
import type { Locale } from '$lib/domain/site/model';
import type { ChannelView } from '$lib/server/domain/notification/channels';

/**
 * The channel form's values and the request body they make. Secrets come to the form redacted;
 * sent back unchanged, the server puts the saved ones back (`restoreSecrets`), so the form never
 * holds one it was not typed.
 */

export interface ChannelFormValues {
	name: string;
	kind: ChannelKind;
	locale: Locale;
	enabled: boolean;
	/** Kinds it takes for everyone. */
	kinds: NotificationKind[];
	allSites: boolean;
	sites: string[];
	url: string;
	secret: string;
	host: string;
	port: string;
	secure: boolean;
	user: string;
	password: string;
	from: string;
	/** One address per line. */
	to: string;
}

/** What POST and PUT /api/notification-channels take. */
export interface ChannelBody {
	name: string;
	config: ChannelConfigInput;
	kinds: NotificationKind[];
	sites: string[] | null;
	enabled: boolean;
}

/** The form for a new channel (`view` null) or one to edit, its secrets as the server redacted them. */
export function formOfChannel(view: ChannelView | null, locale: Locale): ChannelFormValues {
	const values: ChannelFormValues = {
		name: '',
		kind: 'webhook',
		locale,
		enabled: true,
		kinds: [],
		allSites: true,
		sites: [],
		url: '',
		secret: '',
		host: '',
		port: '465',
		secure: true,
		user: '',
		password: '',
		from: '',
		to: ''
	};
	if (!view) return values;
	const c = view.config;
	Object.assign(values, { name: view.name, kind: c.kind, locale: c.locale, enabled: view.enabled, kinds: [...view.kinds], allSites: view.sites === null, sites: [...(view.sites ?? [])] });
	if (c.kind === 'email') Object.assign(values, { host: c.host, port: String(c.port), secure: c.secure, user: c.user ?? '', password: c.password ?? '', from: c.from, to: c.to.join('\n') });
	else Object.assign(values, { url: c.url, secret: 'secret' in c ? c.secret : '' });
	return values;
}

/** Another kind picked: a hidden secret of the old kind cannot be kept (the server restores none across kinds), so it is emptied. */
export function switchKind(values: ChannelFormValues, kind: ChannelKind): ChannelFormValues {
	const clear = (v: string) => (v.includes(SECRET_MASK) ? '' : v);
	return { ...values, kind, url: clear(values.url), secret: clear(values.secret), password: clear(values.password) };
}

/** The request body: the kind's own fields only, trimmed where spaces cannot belong; the server checks the rest. */
export function channelBodyOf(v: ChannelFormValues): ChannelBody {
	const url = v.url.trim();
	const base = { locale: v.locale };
	const config: ChannelConfigInput = (() => {
		switch (v.kind) {
			case 'webhook':
				return { kind: 'webhook', url, secret: v.secret, ...base };
			case 'email':
				return {
					kind: 'email',
					host: v.host.trim(),
					port: v.port.trim() === '' ? Number.NaN : Number(v.port),
					secure: v.secure,
					...(v.user.trim() ? { user: v.user.trim() } : {}),
					...(v.password ? { password: v.password } : {}),
					from: v.from.trim(),
					to: v.to.split(/[\s,;]+/).filter(Boolean),
					...base
				};
			case 'wecom':
				return { kind: 'wecom', url, ...base };
			case 'dingtalk':
				return { kind: 'dingtalk', url, secret: v.secret.trim(), ...base };
			case 'feishu':
				return { kind: 'feishu', url, secret: v.secret.trim(), ...base };
		}
	})();
	return { name: v.name.trim(), config, kinds: [...v.kinds], sites: v.allSites ? null : [...v.sites], enabled: v.enabled };
}

/** A robot whose URL is filled in but is not its vendor's documented address: the form warns (a relay or a test may be meant). */
export function isUnofficialRobotUrl(v: Pick<ChannelFormValues, 'kind' | 'url'>): boolean {
	return isRobotKind(v.kind) && v.url.trim() !== '' && !isOfficialRobotUrl(v.kind, v.url.trim());
}

export type FieldProblem = 'invalid' | 'masked' | 'password_without_user';

/**
 * The server's reasons for a 400 (`config.url: masked`, `name: Too small…`, `config.to.1: …`) as
 * a problem per form field; what names no field of the form comes under `form`.
 */
export function fieldProblemsOf(reasons: readonly string[]): Record<string, FieldProblem> {
	const fields = new Set(['name', 'kind', 'locale', 'kinds', 'sites', 'url', 'secret', 'host', 'port', 'secure', 'user', 'password', 'from', 'to']);
	const problems: Record<string, FieldProblem> = {};
	for (const reason of reasons) {
		const at = reason.indexOf(': ');
		const path = (at < 0 ? reason : reason.slice(0, at)).replace(/^config\./, '').split('.');
		const message = at < 0 ? '' : reason.slice(at + 2);
		const field = fields.has(path[0]) ? path[0] : 'form';
		problems[field] ??= message === 'masked' || message === 'password_without_user' ? message : 'invalid';
	}
	return problems;
}
