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
	'ApiTokenRevoked'
] as const satisfies readonly EventType[];
export type AuditType = (typeof AUDIT_TYPES)[number];

export interface AuditEntry {
	seq: number;
	type: AuditType;
	at: string;
	actor: { kind: string; id: string; name: string | null };
	address: string | null;
	details: Record<string, unknown>;
}
