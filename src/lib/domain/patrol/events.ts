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
		unknown: z.literal(true).optional(),
		/** From a guard's phone: when it sent the scan (it may have waited offline), and the phone's own time of the scan when its clock was off and `at` was moved. */
		sentAt: z.string().optional(),
		phoneAt: z.string().optional()
	}),
	/** A guard answered the phone's check-in prompt: heard from, as a scan would tell. */
	GuardCheckedIn: z.object({ guard: z.string(), sentAt: z.string().optional() })
} as const;

export type CheckpointScannedData = z.infer<(typeof PATROL_EVENTS)['CheckpointScanned']>;
