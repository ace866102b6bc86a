import type { GuardPositions } from '$lib/domain/guard-position';
import { scanOf, STATUS_SCANS, type ScanSeen, type SiteStatus } from '$lib/domain/site-status';
import type { Sql } from '../../db/client';
import { envelopeOf, type EventRow } from '../../event-log/read';
import { listOfflineDevices } from './devices';

/**
 * A site's newest checkpoint scans, newest first. Only the last day is searched, so a site
 * whose guards stopped scanning costs a day of its stream, not all of it.
 */
export async function listLatestScans(sql: Sql, site: string, limit = STATUS_SCANS): Promise<ScanSeen[]> {
	const rows = await sql<EventRow[]>`
		select stream, seq, type, source_kind, source_id, source_event_id, at, received_at, clock_skew_ms, data
		from event
		where stream = ${site} and type = 'CheckpointScanned' and received_at > now() - interval '1 day'
		order by seq desc limit ${limit}`;
	return rows.map((r) => scanOf(envelopeOf(r)));
}

/**
 * The wall's status of a site as it stands now; null for an unknown site. Read it after the
 * site's snapshot: it then reflects at least the snapshot's head, and `evolveSiteStatus` is
 * idempotent, so the events after the head that a browser applies on top leave it right.
 */
export async function getSiteStatus(sql: Sql, site: string): Promise<SiteStatus | null> {
	const [found] = await sql<{ id: string }[]>`select id from site where id = ${site}`;
	if (!found) return null;
	const [offline, scans] = await Promise.all([listOfflineDevices(sql, site), listLatestScans(sql, site)]);
	return { offline, scans };
}

/** How far back in a site's stream the guards' last positions are looked for (bounded, so a busy site stays cheap). */
const GUARD_LOOKBACK_EVENTS = 20_000;

/** Each guard's newest scan among the site's latest events (`evolveGuardPositions` carries it forward). */
export async function listGuardPositions(sql: Sql, site: string): Promise<GuardPositions> {
	const rows = await sql<EventRow[]>`
		select distinct on (e.data ->> 'guard') e.stream, e.seq, e.type, e.source_kind, e.source_id, e.source_event_id, e.at, e.received_at, e.clock_skew_ms, e.data
		from event e, stream_head h
		where h.stream = ${site} and e.stream = ${site} and e.seq > h.seq - ${GUARD_LOOKBACK_EVENTS}
			and e.type = 'CheckpointScanned' and (e.data ->> 'test') is null
		order by e.data ->> 'guard', e.seq desc`;
	return Object.fromEntries(rows.map((r) => [String(r.data.guard ?? ''), scanOf(envelopeOf(r))]));
}
