import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { ID_PATTERN } from '$lib/domain/device/message';
import { channelConfigSchema, restoreSecrets, type ChannelConfig } from '$lib/domain/notification/channel-config';
import { NOTIFICATION_KINDS } from '$lib/domain/notification/model';
import type { ChannelInput } from './channels';

const body = z.strictObject({
	name: z.string().trim().min(1).max(80),
	/** Checked after secrets the form left masked are put back. */
	config: z.unknown(),
	kinds: z.array(z.enum(NOTIFICATION_KINDS)).max(NOTIFICATION_KINDS.length).default([]),
	sites: z.array(z.string().regex(ID_PATTERN)).min(1).max(500).nullable().default(null),
	enabled: z.boolean().default(true)
});

/** A channel's settings from a request body: a 400 naming each problem, or the input with its secrets restored from `stored`. */
export function readChannelInput(raw: unknown, stored: ChannelConfig | null): ChannelInput {
	const parsed = body.safeParse(raw);
	if (!parsed.success) error(400, { message: 'invalid channel', reason: 'invalid', reasons: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) } as never);
	const config = channelConfigSchema.safeParse(restoreSecrets(parsed.data.config, stored));
	if (!config.success) error(400, { message: 'invalid channel settings', reason: 'invalid', reasons: config.error.issues.map((i) => `config.${i.path.join('.')}: ${i.message}`) } as never);
	return { ...parsed.data, kinds: [...new Set(parsed.data.kinds)], config: config.data };
}

/** The body before its config is checked: any JSON object. */
export const channelBody = z.record(z.string(), z.unknown());
