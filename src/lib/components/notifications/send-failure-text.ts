import type { ChannelKind } from '$lib/domain/notification/channel-config';
import { m } from '$lib/paraglide/messages.js';

/**
 * A failed send's reason code (`http_500`, `errcode_310000`, `timeout`, …, as the senders and the
 * outbox record it) in words for the admin, with what to check where the code says. The robots'
 * codes are the ones their senders treat specially (see lib/server/notify/channels); any other is
 * named by its number.
 */

type RobotCodeWords = (inputs: { code: string }) => string;
const ROBOT_CODES: Partial<Record<ChannelKind, Record<number, RobotCodeWords>>> = {
	wecom: { 93000: m.send_failure_robot_url, 40058: m.send_failure_robot_malformed, 45009: m.send_failure_robot_rate },
	dingtalk: { 300001: m.send_failure_robot_url, 300005: m.send_failure_robot_url, 310000: m.send_failure_robot_sign, 130101: m.send_failure_robot_rate },
	feishu: { 9499: m.send_failure_robot_malformed, 19021: m.send_failure_robot_sign, 19022: m.send_failure_robot_ip, 19024: m.send_failure_robot_keyword, 11232: m.send_failure_robot_rate }
};

const PLAIN: Record<string, () => string> = {
	timeout: m.send_failure_timeout,
	refused: m.send_failure_refused,
	dns: m.send_failure_dns,
	network: m.send_failure_network,
	error: m.send_failure_network,
	tls: m.send_failure_tls,
	smtp_auth: m.send_failure_smtp_auth,
	smtp: m.send_failure_smtp,
	bad_answer: m.send_failure_bad_answer,
	channel_disabled: m.send_failure_channel_disabled,
	channel_gone: m.send_failure_channel_gone
};

/** Why a send through a channel of `kind` failed, in words; `kind` null when the channel is unknown. */
export function describeSendFailure(kind: ChannelKind | null, reason: string): string {
	if (Object.hasOwn(PLAIN, reason)) return PLAIN[reason]();
	const http = /^http_(\d{3})$/.exec(reason);
	if (http) {
		const status = Number(http[1]);
		if (status === 401 || status === 403) return m.send_failure_http_auth({ status: http[1] });
		if (status === 404) return m.send_failure_http_not_found();
		if (status >= 500) return m.send_failure_http_server({ status: http[1] });
		return m.send_failure_http({ status: http[1] });
	}
	const smtp = /^smtp_(\d{3})$/.exec(reason);
	if (smtp) return m.send_failure_smtp_code({ code: smtp[1] });
	const robot = /^(?:errcode|code)_(-?\d+)$/.exec(reason);
	if (robot) {
		const words = kind ? ROBOT_CODES[kind]?.[Number(robot[1])] : undefined;
		return (words ?? m.send_failure_robot_code)({ code: robot[1] });
	}
	return m.send_failure_other({ code: reason });
}
