import type { NoticeKind } from '$lib/domain/notification/model';
import type { Sql } from '../../db/client';

export interface OwnRule {
	kind: NoticeKind;
	channels: string[];
	repeatEvery: number | null;
}

/** A person's rules, by kind. */
export async function listRulesOf(sql: Sql, user: string): Promise<OwnRule[]> {
	return await sql<OwnRule[]>`select kind, channels, repeat_every as "repeatEvery" from notification_rule where user_id = ${user} order by kind`;
}

/**
 * Replace a person's rules in one transaction: kinds not listed reach them in the app only. Null
 * when a rule names a channel that does not exist (nothing is changed then). A preference, not a
 * fact of the log: it decides where later notices go, and each notice records its channels.
 */
export async function replaceRulesOf(sql: Sql, user: string, rules: readonly OwnRule[]): Promise<OwnRule[] | null> {
	const named = [...new Set(rules.flatMap((r) => r.channels))];
	return (await sql.begin(async (tx) => {
		const known = named.length ? await tx<{ id: string }[]>`select id from notification_channel where id = any(${named})` : [];
		if (known.length !== named.length) return null;
		await tx`delete from notification_rule where user_id = ${user}`;
		const rows = rules.filter((r) => r.channels.length || r.repeatEvery !== null).map((r) => ({ user_id: user, kind: r.kind, channels: [...new Set(r.channels)], repeat_every: r.repeatEvery }));
		if (rows.length)
			await tx`insert into notification_rule (user_id, kind, channels, repeat_every)
				select user_id, kind, array(select jsonb_array_elements_text(channels)), repeat_every
				from jsonb_to_recordset(${tx.json(rows as never)}::jsonb) as x(user_id text, kind text, channels jsonb, repeat_every int)`;
		return await listRulesOf(tx as unknown as Sql, user);
	})) as OwnRule[] | null;
}
