import type { Organisation } from '$lib/domain/organisation/model';
import type { TicketContext } from '$lib/domain/ticket/rules';
import type { Queryable } from '../../db/client';
import { getOrganisationOf } from '../organisation/queries';

/** A site's IANA time zone from its last import (Asia/Shanghai for a site not imported). */
async function getSiteTimeZone(sql: Queryable, site: string): Promise<string> {
	const [row] = await sql<{ time_zone: string }[]>`select time_zone from site where id = ${site}`;
	return row?.time_zone ?? 'Asia/Shanghai';
}

/** What the ticket rules read at a site: its organisation (overrides included) and how it counts time. */
export async function readTicketContext(sql: Queryable, site: string, now: Date): Promise<TicketContext & { org: Organisation }> {
	const [org, timeZone] = await Promise.all([getOrganisationOf(sql, site), getSiteTimeZone(sql, site)]);
	return { org, overrides: org.serviceLevels, clock: { hours: org.workingHours, timeZone }, now };
}
