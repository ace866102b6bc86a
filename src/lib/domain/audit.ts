import type { AuditType } from './event';

export { AUDIT_TYPES, type AuditType } from './event';

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
