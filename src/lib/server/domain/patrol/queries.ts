import type { GuardPosition } from '$lib/domain/patrol/guard-positions';
import type { Queryable } from '../../db/client';

/** Each guard's last seen checkpoint at a site. */
export async function listGuardPositions(sql: Queryable, site: string): Promise<GuardPosition[]> {
	return await sql<GuardPosition[]>`select guard as id, site, guard, seq, checkpoint, device, at from guard_position where site = ${site} order by guard`;
}
