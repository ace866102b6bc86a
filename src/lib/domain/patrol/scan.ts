import { CLOCK_SKEW_LIMIT_MS } from '../envelope';
import type { EventEnvelope } from '../events';

/** One checkpoint scan; ids only, names come from the site plan. `at` is the device's time. */
export interface ScanSeen {
	site: string;
	seq: number;
	checkpoint: string;
	guard: string;
	device: string;
	at: string;
}

/** A stored `CheckpointScanned` event as a scan. */
export function scanOf(e: EventEnvelope<'CheckpointScanned'>): ScanSeen {
	return { site: e.site, seq: e.seq, checkpoint: e.data.checkpoint, guard: e.data.guard, device: e.source.id, at: e.at };
}

/** A scan that counts for rounds and positions: not one made while the handset was in test. */
export function isLiveScan(e: EventEnvelope): e is EventEnvelope<'CheckpointScanned'> {
	return e.type === 'CheckpointScanned' && e.data.test !== true;
}

/**
 * How far behind its receipt a scan's own time is still believed: a handset that was offline
 * uploads its scans when it is back, and they count at the time they were made. Older than
 * this, or ahead of the receipt by more than the clock-skew limit, the phone's clock is not
 * trusted and the receipt stands in.
 */
export const SCAN_UPLOAD_DELAY_MAX_MS = 12 * 60 * 60_000;

/** The instant a scan was made, as far as it can be trusted (see SCAN_UPLOAD_DELAY_MAX_MS), in ms. */
export function scanTimeOf(e: Pick<EventEnvelope, 'at' | 'receivedAt'>): number {
	const at = Date.parse(e.at);
	const received = Date.parse(e.receivedAt);
	if (!Number.isFinite(at) || at > received + CLOCK_SKEW_LIMIT_MS || at < received - SCAN_UPLOAD_DELAY_MAX_MS) return received;
	return at;
}
