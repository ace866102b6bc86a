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
