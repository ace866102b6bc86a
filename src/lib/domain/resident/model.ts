/**
 * Residents as the service desk knows them: who lives at which place of a site, and how to call
 * them back. Their personal data (name, phone, note) lives in its own table, where it can be
 * corrected or erased; the event log refers to a resident by id only. Pure, no I/O.
 */
import { z } from 'zod';

/** `r-` and 16 hex digits (64 random bits): says nothing about the person or their home. */
export const RESIDENT_ID_PATTERN = /^r-[0-9a-f]{16}$/;

export const RESIDENT_NAME_MAX = 40;
export const RESIDENT_NOTE_MAX = 200;
export const RESIDENT_PHONE_MIN = 3;
export const RESIDENT_PHONE_MAX = 20;
/** Why a person's contact was revealed: short, for the audit page. */
export const REVEAL_REASON_MAX = 100;
/** The most residents one search answers. */
export const RESIDENT_SEARCH_LIMIT = 100;
/** Digits of a phone number a role that may not reveal contacts may search by: no more than the mask shows. */
export const MASKED_PHONE_SEARCH_DIGITS = 4;

/** What an update may change, as `ResidentUpdated` names it. */
export const RESIDENT_FIELDS = ['name', 'phone', 'unit', 'note'] as const;
export type ResidentField = (typeof RESIDENT_FIELDS)[number];

/** What a reveal shows. */
export const CONTACT_FIELDS = ['phone', 'name'] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];

/** Control characters have no place in a name, a number or a note (nor in what a screen reader reads out). */
const CONTROL = /\p{Cc}/u;

/** A name as typed: trimmed, 1–40 characters. */
export const residentName = z
	.string()
	.trim()
	.min(1)
	.max(RESIDENT_NAME_MAX)
	.refine((s) => !CONTROL.test(s), 'no control characters');

/** A phone number as typed: digits, `+`, `-` and spaces, 3–20 characters, at least 3 digits. */
export const residentPhone = z
	.string()
	.trim()
	.min(RESIDENT_PHONE_MIN)
	.max(RESIDENT_PHONE_MAX)
	.regex(/^[0-9+\- ]+$/, 'digits, +, - and spaces only')
	.refine((s) => s.replace(/\D/g, '').length >= RESIDENT_PHONE_MIN, 'at least 3 digits');

/** A note about the resident (how to reach them, what to know before calling): at most 200 characters. */
export const residentNote = z
	.string()
	.trim()
	.max(RESIDENT_NOTE_MAX)
	.refine((s) => !CONTROL.test(s), 'no control characters');

/** A place id of the site's tree, as `place` holds it. */
export const placeId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);

/** Seven digits or more, spaces and dashes between them allowed: a phone number typed where it does not belong. */
const PHONE_LIKE = /\d(?:[\s-]?\d){6,}/;

/** Why a contact is revealed: 1–100 characters, and no phone number (the reason goes into the log, for good). */
export const revealReason = z
	.string()
	.trim()
	.min(1)
	.max(REVEAL_REASON_MAX)
	.refine((s) => !CONTROL.test(s), 'no control characters')
	.refine((s) => !PHONE_LIKE.test(s), 'no phone numbers: the reason is kept in the audit log');

/** A resident as a browser receives them: never the real name or number (a reveal answers those, one at a time). */
export interface ResidentView {
	id: string;
	site: string;
	/** The place they live at (usually a room), an id of the site's place tree. */
	unit: string;
	/** Masked (`张*`); empty once erased. */
	name: string;
	/** Masked (`138****5678`); empty once erased. */
	phone: string;
	/** The note, for the roles that call residents back; null for the others, and once erased. */
	note: string | null;
	masked: true;
	erased: boolean;
	updatedAt: string;
}

/** What the residents table holds for one resident; erased: name, phone and note are null. */
export interface ResidentRecord {
	id: string;
	site: string;
	unit: string;
	name: string | null;
	phone: string | null;
	note: string | null;
	createdAt: Date;
	updatedAt: Date;
	erasedAt: Date | null;
}

/** The phone number's digits, as a search by its last digits compares them. */
export const phoneDigits = (phone: string): string => phone.replace(/\D/g, '');
