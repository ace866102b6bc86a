import type { Sql, Tx } from '../db/client';

/** A pending timer: fire `kind` on `stream` at `dueAt`. `key` is unique across kinds (e.g. `escalation:<incident>`). */
export interface DueItem {
	key: string;
	stream: string;
	kind: string;
	/** ISO 8601 instant. */
	dueAt: string;
}

export interface DueItemChanges {
	/** Items to insert or move (same key: stream, kind and due time replaced). A key given twice: the last wins. */
	set: DueItem[];
	/** Keys to remove; unknown keys are no error. */
	clear: string[];
}

/**
 * Upsert and delete due items in ONE statement, sent now and returned unawaited, so that it
 * leaves in the same round trip as the appending transaction's other writes (postgres.js
 * pipelines the statements sent together on a transaction's connection): await it with them.
 * Returns null when there is nothing to write.
 *
 * A key both set and cleared is the caller's mistake (which one was meant?), and throws before
 * anything is sent: within one statement PostgreSQL would not order the two.
 */
export function writeDueItems(tx: Tx | Sql, changes: DueItemChanges): Promise<unknown> | null {
	const set = [...new Map(changes.set.map((item) => [item.key, item])).values()];
	const clear = [...new Set(changes.clear)];
	if (!set.length && !clear.length) return null;
	const both = set.find((item) => clear.includes(item.key));
	if (both) throw new Error(`due item ${both.key} is both set and cleared`);
	const rows = set.map((item) => ({ key: item.key, stream: item.stream, kind: item.kind, due_at: item.dueAt }));
	const q = tx as Sql;
	return q`
		with upserted as (
			insert into due_item (key, stream, kind, due_at)
			select key, stream, kind, due_at
			from jsonb_to_recordset(${q.json(rows as never)}::jsonb) as x(key text, stream text, kind text, due_at timestamptz)
			on conflict (key) do update set stream = excluded.stream, kind = excluded.kind, due_at = excluded.due_at
			returning 1
		), cleared as (
			delete from due_item where key in (select jsonb_array_elements_text(${q.json(clear)}::jsonb))
			returning 1
		)
		select (select count(*) from upserted)::int as set, (select count(*) from cleared)::int as cleared`.execute();
}

/** Remove a due item its command found nothing to do for, unless it was moved meanwhile (a later due time). */
export async function clearDueItem(tx: Tx, item: DueItem): Promise<void> {
	await tx`delete from due_item where key = ${item.key} and due_at = ${item.dueAt}`;
}
