import type { EventType } from './event';

/** The event types the audit page lists and filters by (an allow-list for its `type` parameter). */
export const AUDIT_TYPES = [
	'UserSignedIn',
	'UserSignedOut',
	'SignInFailed',
	'UserCreated',
	'UserUpdated',
	'UserSessionsEnded',
	'ApiTokenCreated',
	'ApiTokenRevoked',
	'DeviceCreated',
	'DeviceCredentialRotated',
	'DeviceCredentialRevoked'
] as const satisfies readonly EventType[];
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
	/** The site whose stream holds it, or null for the system stream. */
	site: string | null;
	seq: number;
	/** Where the next (older) page starts: pass it back as `before`. */
	cursor: string;
	type: AuditType;
	at: string;
	actor: { kind: string; id: string; name: string | null };
	address: string | null;
	details: Record<string, unknown>;
}
