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
