import { z } from 'zod';
import { CONTACT_FIELDS, REVEAL_REASON_MAX, RESIDENT_FIELDS, RESIDENT_ID_PATTERN } from './model';

const resident = z.string().regex(RESIDENT_ID_PATTERN);
/** The client's address, as the other audit events record it. */
const address = z.string().nullable().optional();

/**
 * What people did with residents' records, in the site's stream, for the audit page. Ids and
 * field names only: a resident's name, number and note never enter the log (they live in the
 * `resident` table, where an erasure can reach them). The reveal's reason is the revealer's own
 * words, which the form asks to keep free of personal data.
 */
export const RESIDENT_EVENTS = {
	ResidentRecorded: z.strictObject({ resident, address }),
	/** Which fields changed, never their values. */
	ResidentUpdated: z.strictObject({ resident, fields: z.array(z.enum(RESIDENT_FIELDS)).min(1).max(RESIDENT_FIELDS.length), address }),
	/** A person was shown the real number or name, once, for this reason. */
	ResidentContactRevealed: z.strictObject({ resident, field: z.enum(CONTACT_FIELDS), reason: z.string().min(1).max(REVEAL_REASON_MAX), address }),
	/** The name, number and note were blanked on the resident's request; the id stays, so tickets still refer to it. */
	ResidentErased: z.strictObject({ resident, address })
} as const;

export type ResidentEventType = keyof typeof RESIDENT_EVENTS;
export const RESIDENT_EVENT_TYPES = Object.keys(RESIDENT_EVENTS) as ResidentEventType[];
