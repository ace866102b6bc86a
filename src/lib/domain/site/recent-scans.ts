import type { EventEnvelope } from '../events';
import { scanOf, type ScanSeen } from '../patrol/scan';
import { rowSetProjection, type RowSet } from '../projection';

/** How many scans the wall shows per site. */
export const RECENT_SCANS = 3;

/** One of a site's newest scans; `id` is its seq as a string. */
export interface RecentScan extends ScanSeen {
	id: string;
}

/**
 * A site's newest checkpoint scans (test scans included: the wall shows the handset works), at
 * most RECENT_SCANS rows, kept by seq so an older event changes nothing.
 */
export function evolveRecentScans(scans: RowSet<RecentScan>, e: EventEnvelope): void {
	if (e.type !== 'CheckpointScanned' || scans.get(String(e.seq))) return;
	const kept = [...scans.values()].sort((a, b) => b.seq - a.seq);
	if (kept.length >= RECENT_SCANS && kept[RECENT_SCANS - 1].seq > e.seq) return;
	scans.set({ id: String(e.seq), ...scanOf(e) });
	for (const old of kept.slice(RECENT_SCANS - 1)) scans.delete(old.id);
}

/** Newest first, as the wall lists them. */
export const sortRecentScans = <S extends ScanSeen>(scans: Iterable<S>): S[] => [...scans].sort((a, b) => b.seq - a.seq).slice(0, RECENT_SCANS);

/** A site's newest scans (`scans`). */
export const recentScans = rowSetProjection<RecentScan>('scans', evolveRecentScans);
