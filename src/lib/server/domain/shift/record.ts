import { canWatchSite, type SessionUser } from '$lib/domain/access';
import type { ShiftRecord } from '$lib/domain/shift/record';
import type { LocalizedName } from '$lib/domain/site/model';
import type { Sql } from '../../db/client';
import { getShift, getUserNames, listPeopleOf, listShiftIncidents, listShiftSites } from './queries';

/**
 * A shift's record as `user` may read it, in one snapshot: the shift (log and handover), the
 * incidents opened at its sites while it was on duty (those sites the user may watch), and the
 * names of everyone it mentions and of the sites. Null for an unknown shift.
 */
export async function readShiftRecord(sql: Sql, id: string, user: SessionUser, now: Date): Promise<ShiftRecord | null> {
	return (await sql.begin('isolation level repeatable read read only', async (tx) => {
		const shift = await getShift(tx, id);
		if (!shift) return null;
		const sites = (await listShiftSites(tx, shift)).filter((s) => canWatchSite(user, s));
		const incidents = sites.length ? await listShiftIncidents(tx, shift, sites, now) : [];
		const people = [...listPeopleOf(shift), ...incidents.flatMap((i) => [i.acknowledgedBy, i.resolvedBy, i.closedBy].filter((u): u is string => !!u))];
		const [names, siteRows] = await Promise.all([
			getUserNames(tx, people),
			tx<{ id: string; name: LocalizedName; time_zone: string }[]>`select id, name, time_zone from site where id = any(${sites}) order by id`
		]);
		const record: ShiftRecord = { shift, incidents, names, siteNames: Object.fromEntries(siteRows.map((s) => [s.id, s.name])), timeZone: siteRows[0]?.time_zone ?? 'UTC', readAt: now.toISOString() };
		return record;
	})) as ShiftRecord | null;
}
