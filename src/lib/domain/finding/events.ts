import { z } from 'zod';
import { FINDING_CATEGORIES } from '../guard/phone-input';

/** What guards report from their phones besides scans. */
export const FINDING_EVENTS = {
	/**
	 * A guard reported something wrong at a checkpoint (or where none was scanned): a category,
	 * words, and a photo named by its hash (its bytes stay in the photo store, never in the log).
	 * `finding` is the phone's id for it; source is the guard's account.
	 */
	FindingReported: z.object({
		finding: z.string(),
		guard: z.string(),
		checkpoint: z.string().nullable(),
		category: z.enum(FINDING_CATEGORIES),
		text: z.string(),
		photo: z.string().nullable(),
		/** When the phone sent it (it may have waited offline), and its own time of the report when its clock was off and `at` was moved. */
		sentAt: z.string(),
		phoneAt: z.string().optional()
	})
} as const;

export type FindingReportedData = z.infer<(typeof FINDING_EVENTS)['FindingReported']>;
