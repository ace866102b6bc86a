import { randomUUID } from 'node:crypto';
import { m } from '$lib/paraglide/messages.js';
import type { ChannelConfig } from '$lib/domain/notification/channel-config';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';
import type { Locale } from '$lib/domain/site/model';
import { sendThrough } from './channel';
import type { SendOptions, SendResult } from './send-result';

/** How long the admin waits for a test before it counts as a `timeout`. */
export const TEST_TIMEOUT_MS = 10_000;

/** The test message in `locale`: severity info, no link, kind `channel_test`. */
export function testMessage(locale: Locale, now: Date): OutboundMessage {
	return {
		title: m.notify_test_title({}, { locale }),
		text: m.notify_test_text({}, { locale }),
		severity: 'info',
		link: null,
		at: now.toISOString(),
		kind: 'channel_test'
	};
}

/**
 * Send one test message through a channel, in the admin's language, once, and say how it went.
 * It has its own delivery id (`test-…`) and goes around the outbox and the robots' budget: an
 * admin testing a robot that is over its rate limit sees the robot's refusal, which is the point.
 */
export function testChannel(config: ChannelConfig, locale: Locale, opts: Partial<SendOptions> = {}): Promise<SendResult> {
	const now = opts.now ?? new Date();
	return sendThrough(config, [testMessage(locale, now)], `test-${randomUUID()}`, { now, timeoutMs: opts.timeoutMs ?? TEST_TIMEOUT_MS, fetch: opts.fetch });
}
