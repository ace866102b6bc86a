import { SYSTEM_STREAM } from '$lib/domain/event';
import { AUDIT_TYPES, type AuditEntry, type AuditType } from '$lib/domain/audit';
import type { Sql } from '../db/client';

/** Newest first, at most `limit`, optionally of one type, by one actor (username or id), below a seq. */
export async function listAudit(
	sql: Sql,
	q: { type?: AuditType; actor?: string; before?: number; limit: number }
): Promise<AuditEntry[]> {
	const rows = await sql<{ seq: number; type: AuditType; at: Date; source_kind: string; source_id: string; name: string | null; data: Record<string, unknown> }[]>`
		select e.seq, e.type, e.at, e.source_kind, e.source_id, u.username as name, e.data
		from event e
		left join app_user u on e.source_kind = 'user' and u.id::text = e.source_id
		where e.stream = ${SYSTEM_STREAM}
			and e.type = any(${q.type ? [q.type] : [...AUDIT_TYPES]})
			${q.actor ? sql`and (u.username = ${q.actor} or e.source_id = ${q.actor} or e.data->>'username' = ${q.actor})` : sql``}
			${q.before ? sql`and e.seq < ${q.before}` : sql``}
		order by e.seq desc limit ${q.limit}`;
	return rows.map((r) => {
		const { address, ...details } = r.data;
		return {
			seq: r.seq,
			type: r.type,
			at: r.at.toISOString(),
			actor: { kind: r.source_kind, id: r.source_id, name: r.name },
			address: typeof address === 'string' ? address : null,
			details
		};
	});
}
