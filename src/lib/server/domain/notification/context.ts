import type { NoticeKind, NotificationKind } from '$lib/domain/notification/model';
import type { ChannelSubscription, NoticeContext, NotificationRule } from '$lib/domain/notification/rules';
import type { Queryable } from '../../db/client';
import { getOrganisationOf } from '../organisation/queries';

/**
 * What deciding a site's notices reads: its organisation, the manager on duty of the shift that
 * watches it, its guards' accounts, and the tickets' assignees asked for.
 */
export async function readNoticeContext(sql: Queryable, site: string, tickets: readonly string[]): Promise<NoticeContext & { assignees: Map<string, string | null> }> {
	const [org, shift, guards, assignees] = await Promise.all([
		getOrganisationOf(sql, site),
		sql<{ manager: string | null }[]>`
			select state ->> 'managerOnDuty' as manager from shift
			where ended_at is null and (state -> 'sites' = 'null'::jsonb or state -> 'sites' ? ${site})
			order by started_at desc limit 1`,
		sql<{ guard: string; user_id: string }[]>`select guard, user_id::text from guard_link where site = ${site}`,
		tickets.length ? sql<{ id: string; assignee: string | null }[]>`select id, assignee from ticket where id = any(${tickets as string[]})` : Promise.resolve([])
	]);
	const byGuard = new Map(guards.map((g) => [g.guard, g.user_id]));
	return {
		org,
		managerOnDuty: shift[0]?.manager ?? null,
		accountOfGuard: (guard) => byGuard.get(guard),
		assignees: new Map(assignees.map((t) => [t.id, t.assignee]))
	};
}

/** The rules of these people, and the channels that take notices on their own (enabled ones only). */
export async function readDeliveryRules(sql: Queryable, users: readonly string[]): Promise<{ rules: NotificationRule[]; subscriptions: ChannelSubscription[] }> {
	const [rules, channels] = await Promise.all([
		users.length
			? sql<{ user_id: string; kind: NoticeKind; channels: string[]; repeat_every: number | null }[]>`
				select r.user_id, r.kind, array(select c from unnest(r.channels) c where c in (select id from notification_channel where enabled)) as channels, r.repeat_every
				from notification_rule r where r.user_id = any(${users as string[]})`
			: Promise.resolve([]),
		sql<{ id: string; kinds: NotificationKind[]; sites: string[] | null }[]>`select id, kinds, sites from notification_channel where enabled and cardinality(kinds) > 0`
	]);
	return {
		rules: rules.map((r) => ({ user: r.user_id, kind: r.kind, channels: r.channels, repeatEvery: r.repeat_every })),
		subscriptions: channels.map((c) => ({ channel: c.id, kinds: c.kinds, sites: c.sites }))
	};
}
