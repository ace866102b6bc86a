import type { Keyframe } from '$lib/domain/replay';
import type { Queryable, Tx } from '../db/client';

/**
 * A site's keyframe at or below `upTo` that holds every projection in `names`: one written before
 * a projection was registered cannot start its replay (its rows would be missing, not empty).
 */
export async function readKeyframe(sql: Queryable, site: string, upTo: number, names: readonly string[]): Promise<Keyframe | null> {
	const [row] = await sql<{ state: Keyframe }[]>`
		select state from projection_keyframe
		where stream = ${site} and seq <= ${upTo} and (state -> 'rows') ?& ${names as string[]}
		order by seq desc limit 1`;
	return row?.state ?? null;
}

/** Store a keyframe; one already stored at its seq is the same state, so it is kept. */
export async function insertKeyframe(sql: Queryable, site: string, keyframe: Keyframe): Promise<void> {
	await sql`
		insert into projection_keyframe (stream, seq, state) values (${site}, ${keyframe.seq}, ${sql.json(keyframe as never)})
		on conflict (stream, seq) do nothing`;
}

/** A site's keyframes, oldest first, as `projections check` compares them. */
export async function listKeyframes(sql: Queryable, site: string): Promise<Keyframe[]> {
	const rows = await sql<{ state: Keyframe }[]>`select state from projection_keyframe where stream = ${site} order by seq`;
	return rows.map((r) => r.state);
}

/** Drop a site's keyframes: after a rule changed, they no longer equal a replay. */
export async function deleteKeyframes(tx: Tx, site: string): Promise<void> {
	await tx`delete from projection_keyframe where stream = ${site}`;
}
