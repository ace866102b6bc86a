import type { Notification } from '$lib/domain/notification/model';
import type { Queryable } from '../../db/client';

/** One notification as stored, or null. */
export async function getNotification(sql: Queryable, id: string): Promise<Notification | null> {
	const [row] = await sql<{ state: Notification }[]>`select state from notification where id = ${id}`;
	return row?.state ?? null;
}

/** A person's notification centre: newest first (`before` an instant to page back), and how many arrived since they last looked. */
export async function listNotificationsOf(sql: Queryable, user: string, limit: number, before?: Date): Promise<{ notifications: Notification[]; unread: number; seenAt: string | null }> {
	const [rows, [seen]] = await Promise.all([
		sql<{ state: Notification }[]>`
			select state from notification where recipients @> array[${user}]::text[]
			${before ? sql`and at < ${before}` : sql``}
			order by at desc limit ${limit}`,
		sql<{ seen_at: Date | null; unread: number }[]>`
			select (select seen_at from notification_seen where user_id = ${user}) as seen_at,
				(select count(*)::int from notification where recipients @> array[${user}]::text[]
					and at > coalesce((select seen_at from notification_seen where user_id = ${user}), '-infinity')) as unread`
	]);
	return { notifications: rows.map((r) => r.state), unread: seen.unread, seenAt: seen.seen_at?.toISOString() ?? null };
}

/** The person has looked at their notification centre up to `at`. */
export async function markNotificationsSeen(sql: Queryable, user: string, at: Date): Promise<void> {
	await sql`insert into notification_seen (user_id, seen_at) values (${user}, ${at}) on conflict (user_id) do update set seen_at = greatest(notification_seen.seen_at, excluded.seen_at)`;
}
