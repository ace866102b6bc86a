import { z } from 'zod';
import { SCAN_METHODS } from '../site/model';

/** What guards' handsets report on a round. */
export const PATROL_EVENTS = {
	CheckpointScanned: z.object({
		guard: z.string(),
		checkpoint: z.string(),
		method: z.enum(SCAN_METHODS),
		/** Set by the writer when the handset is in test. */
		test: z.literal(true).optional(),
		/**
		 * Set by the writer when the site's plan has no such checkpoint (a typo'd tag, another
		 * site's): the scan is stored and shown flagged, never dropped, and a replay flags it the
		 * same way whatever the plan says later.
		 */
		unknown: z.literal(true).optional()
	})
} as const;

export type CheckpointScannedData = z.infer<(typeof PATROL_EVENTS)['CheckpointScanned']>;
