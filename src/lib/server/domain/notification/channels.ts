import { randomBytes } from 'node:crypto';
import type { SessionUser } from '$lib/domain/access';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { redactChannelConfig, type ChannelConfig } from '$lib/domain/notification/channel-config';
import type { NotificationKind } from '$lib/domain/notification/model';
import { newEvent, type RunCommand } from '../../commands';
import type { Queryable } from '../../db/client';

/** A channel as the admin page and the API show it: its secrets redacted. */
export interface ChannelView {
	id: string;
	name: string;
	kind: ChannelConfig['kind'];
	config: ChannelConfig;
	/** What it takes on its own, for everyone (a team's group robot); people add it to their rules too. */
	kinds: NotificationKind[];
	/** Null: every site. */
	sites: string[] | null;
	enabled: boolean;
	updatedAt: string;
	/** The last delivery's outcome, for the admin page. */
	last: { status: string; at: string; error: string | null } | null;
}

export interface ChannelInput {
	name: string;
	config: ChannelConfig;
	kinds: NotificationKind[];
	sites: string[] | null;
	enabled: boolean;
}

interface ChannelRow {
	id: string;
	name: string;
	kind: ChannelConfig['kind'];
	config: ChannelConfig;
	kinds: NotificationKind[];
	sites: string[] | null;
	enabled: boolean;
	updated_at: Date;
	last_status: string | null;
	last_at: Date | null;
	last_error: string | null;
}

const viewOf = (r: ChannelRow): ChannelView => ({
	id: r.id,
	name: r.name,
	kind: r.kind,
	config: redactChannelConfig(r.config),
	kinds: r.kinds,
	sites: r.sites,
	enabled: r.enabled,
	updatedAt: r.updated_at.toISOString(),
	last: r.last_status ? { status: r.last_status, at: r.last_at!.toISOString(), error: r.last_error } : null
});

/** Every channel, by name, redacted, with its last delivery's outcome. */
export async function listChannels(sql: Queryable): Promise<ChannelView[]> {
	const rows = await sql<ChannelRow[]>`
		select c.id, c.name, c.kind, c.config, c.kinds, c.sites, c.enabled, c.updated_at, o.status as last_status, coalesce(o.sent_at, o.next_attempt_at) as last_at, o.last_error
		from notification_channel c
		left join lateral (select status, sent_at, next_attempt_at, last_error from notification_outbox where channel = c.id and attempts > 0 order by created_at desc limit 1) o on true
		order by c.name, c.id`;
	return rows.map(viewOf);
}

/** A channel's stored config (secrets included), or null: for sending and for restoring secrets a form left masked. */
export async function getChannelConfig(sql: Queryable, id: string): Promise<ChannelConfig | null> {
	const [row] = await sql<{ config: ChannelConfig }[]>`select config from notification_channel where id = ${id}`;
	return row?.config ?? null;
}

/** What changing a channel needs: the command path, and the watchdog's copy of its channels to bring up to date after. */
export interface ChannelDeps {
	run: RunCommand;
	refreshWatchdogChannels(): Promise<void>;
}

const audit = (user: SessionUser, type: 'NotificationChannelSaved' | 'NotificationChannelRemoved', data: object, now: Date) =>
	newEvent({ stream: SYSTEM_STREAM, type, sourceKind: 'user', sourceId: user.id, data }, now);

/**
 * Add a channel (`id` null) or replace one's settings; its audit fact in the same transaction.
 * Null for an unknown id. Resolves once the watchdog's copy is rewritten too.
 */
export async function saveChannel({ run, refreshWatchdogChannels }: ChannelDeps, user: SessionUser, id: string | null, input: ChannelInput): Promise<string | null> {
	const channel = id ?? `ch-${randomBytes(6).toString('hex')}`;
	const outcome = await run<'not_found'>(SYSTEM_STREAM, async ({ tx, now }) => {
		const values = { name: input.name, kind: input.config.kind, config: tx.json(input.config as never), kinds: input.kinds, sites: input.sites, enabled: input.enabled };
		if (id) {
			const updated = await tx`
				update notification_channel set name = ${values.name}, kind = ${values.kind}, config = ${values.config}, kinds = ${values.kinds},
					sites = ${values.sites}, enabled = ${values.enabled}, updated_at = ${now} where id = ${id} returning id`;
			if (!updated.length) return { ok: false, reason: 'not_found' };
		} else {
			await tx`
				insert into notification_channel (id, name, kind, config, kinds, sites, enabled, created_at, updated_at)
				values (${channel}, ${values.name}, ${values.kind}, ${values.config}, ${values.kinds}, ${values.sites}, ${values.enabled}, ${now}, ${now})`;
		}
		return { ok: true, events: [audit(user, 'NotificationChannelSaved', { channel, kind: input.config.kind, name: input.name, created: !id }, now)] };
	});
	if (!outcome.ok) return null;
	await refreshWatchdogChannels();
	return channel;
}

/** Remove a channel (and from the watchdog's copy); deliveries still waiting for it fail as `channel_gone`. False for an unknown id. */
export async function removeChannel({ run, refreshWatchdogChannels }: ChannelDeps, user: SessionUser, id: string): Promise<boolean> {
	const outcome = await run<'not_found'>(SYSTEM_STREAM, async ({ tx, now }) => {
		const removed = await tx`delete from notification_channel where id = ${id} returning id`;
		if (!removed.length) return { ok: false, reason: 'not_found' };
		await tx`update notification_rule set channels = array_remove(channels, ${id}) where ${id} = any(channels)`;
		return { ok: true, events: [audit(user, 'NotificationChannelRemoved', { channel: id }, now)] };
	});
	if (outcome.ok) await refreshWatchdogChannels();
	return outcome.ok;
}
