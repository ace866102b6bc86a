import { SYSTEM_STREAM } from '$lib/domain/envelope';
import { AUDIT_TYPES, type AuditEntry, type AuditType } from '$lib/domain/audit';
import type { Sql } from '../db/client';

/** An entry's position, newest first across streams: received time, then stream and seq. */
export const AUDIT_CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([A-Za-z0-9_-]{1,64})~(\d{1,15})$/;

/**
 * Who did what, from every stream: the system's and each site's (device changes, and operator
 * actions as they come). Newest first, at most `limit`, optionally of one type, by one actor
 * (username or id), on one site, older than a cursor. People's and the system's events only,
 * so the partial index `event_audit_idx` serves it without touching device traffic.
 */
export async function listAudit(
	sql: Sql,
	q: { type?: AuditType; actor?: string; site?: string; before?: string; limit: number }
): Promise<AuditEntry[]> {
	const cursor = q.before ? AUDIT_CURSOR.exec(q.before) : null;
	const rows = await sql<{ stream: string; seq: number; type: AuditType; at: Date; received_at: Date; source_kind: string; source_id: string; name: string | null; data: Record<string, unknown> }[]>`
		select e.stream, e.seq, e.type, e.at, e.received_at, e.source_kind, e.source_id, u.username as name, e.data
		from event e
		left join app_user u on e.source_kind = 'user' and u.id::text = e.source_id
		where e.source_kind <> 'device'
			and e.type = any(${q.type ? [q.type] : [...AUDIT_TYPES]})
			${q.site ? sql`and e.stream = ${q.site}` : sql``}
			${q.actor ? sql`and (u.username = ${q.actor} or e.source_id = ${q.actor} or e.data->>'username' = ${q.actor})` : sql``}
			${cursor ? sql`and (e.received_at, e.stream, e.seq) < (${cursor[1]}::timestamptz, ${cursor[2]}, ${Number(cursor[3])})` : sql``}
		order by e.received_at desc, e.stream desc, e.seq desc limit ${q.limit}`;
	return rows.map((r) => {
		const { address, ...details } = r.data;
		return {
			site: r.stream === SYSTEM_STREAM ? null : r.stream,
			seq: r.seq,
			cursor: `${r.received_at.toISOString()}~${r.stream}~${r.seq}`,
			type: r.type,
			at: r.at.toISOString(),
			actor: { kind: r.source_kind, id: r.source_id, name: r.name },
			address: typeof address === 'string' ? address : null,
			details
		};
	});
}
