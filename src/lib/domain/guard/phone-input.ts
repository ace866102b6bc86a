import { z } from 'zod';
import { ID_PATTERN } from '../device/message';
import { SCAN_METHODS } from '../site/model';

/**
 * What the guard's phone sends: the bodies of the `/api/sites/{site}/guard/…` endpoints, checked
 * by the server and built by the phone's outbox from the same schemas. Every item gets its id on
 * the phone (a UUID), so a retry after a lost answer is stored once; and carries the phone's time
 * of the act and of sending, so a scan kept offline for an hour is not taken for a clock an hour
 * slow: the server measures the phone's clock by `sentAt` against its own receipt.
 */

const entityId = z.string().regex(ID_PATTERN, 'must match [A-Za-z0-9_-]{1,64}');
const itemId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 of [A-Za-z0-9_-] (a UUID made on the phone)');
const instant = z.iso.datetime({ offset: true, message: 'must be ISO 8601 with a time-zone offset' });
const text = (max: number) =>
	z
		.string()
		.max(max)
		.refine((s) => !s.includes('\u0000'), 'must not contain NUL characters');

/** Shared by every phone item: its id, when it happened and when this attempt left the phone. */
const phoneItem = { id: itemId, at: instant, sentAt: instant };

/** A checkpoint scanned by the camera (`qr`), an NFC tag (`nfc`) or its code typed (`manual`). */
export const guardScanBody = z.strictObject({ ...phoneItem, checkpoint: entityId, method: z.enum(SCAN_METHODS) });
export type GuardScanBody = z.infer<typeof guardScanBody>;

/** What a guard may report at a checkpoint; the work-order issue maps them to departments. */
export const FINDING_CATEGORIES = ['damage', 'leak', 'lighting', 'obstruction', 'hazard', 'hygiene', 'security', 'other'] as const;
export type FindingCategory = (typeof FINDING_CATEGORIES)[number];
/** A photo is named by the SHA-256 of its bytes, as the photo store keeps it. */
export const PHOTO_HASH = /^[0-9a-f]{64}$/;
/** The most bytes a photo may have once shrunk on the phone. */
export const MAX_PHOTO_BYTES = 2 * 1024 * 1024;

export const guardFindingBody = z.strictObject({
	...phoneItem,
	checkpoint: entityId.nullable(),
	category: z.enum(FINDING_CATEGORIES),
	text: text(1000),
	photo: z.string().regex(PHOTO_HASH, 'must be a SHA-256 in lowercase hex').nullable()
});
export type GuardFindingBody = z.infer<typeof guardFindingBody>;

/** The panic button, pressed and held: raised at the guard's last checkpoint (or none known). */
export const guardPanicBody = z.strictObject({ ...phoneItem, checkpoint: entityId.nullable() });
export type GuardPanicBody = z.infer<typeof guardPanicBody>;

/** "I am all right": the answer to the check-in prompt; counts as contact like a scan. */
export const guardCheckInBody = z.strictObject({ ...phoneItem });
export type GuardCheckInBody = z.infer<typeof guardCheckInBody>;

/** The guard takes an incident the control room sent to the phone. */
export const guardAcceptBody = z.strictObject({ ...phoneItem, incident: z.string().regex(/^[A-Za-z0-9_-]{1,64}:\d{1,15}$/) });
export type GuardAcceptBody = z.infer<typeof guardAcceptBody>;

/** What the endpoints answer: 201 stored, 200 already stored (a retry), 400 rejected with reasons. */
export type PhoneItemAnswer =
	| { status: 'stored'; seq: number; incident?: string }
	| { status: 'duplicate'; seq: number; incident?: string }
	| { status: 'rejected'; reasons: string[] };

export { parseCheckpointTag } from '../patrol/checkpoint-tag-url';
