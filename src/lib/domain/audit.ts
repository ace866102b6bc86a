import { CHANNEL_EVENTS } from './notification/channel-events';
import { ACCOUNT_EVENTS } from './account/events';
import { INCIDENT_EVENTS } from './incident/events';
import { ORGANISATION_EVENTS } from './organisation/events';
import { RESIDENT_EVENTS } from './resident/events';
import { TEST_WINDOW_EVENTS } from './test-window/events';
import { TICKET_EVENTS } from './ticket/events';

/** Who did what: people's and the system's actions (incident steps included), the audit page's allow-list for its `type` filter. */
export const AUDIT_TYPES = [
	...Object.keys(ACCOUNT_EVENTS),
	'DeviceCreated',
	'DeviceCredentialRotated',
	'DeviceCredentialRevoked',
	'SiteImported',
	...Object.keys(TEST_WINDOW_EVENTS),
	...Object.keys(INCIDENT_EVENTS),
	...Object.keys(ORGANISATION_EVENTS),
	...Object.keys(CHANNEL_EVENTS),
	'NotificationAcknowledged',
	...Object.keys(RESIDENT_EVENTS),
	...Object.keys(TICKET_EVENTS)
] as (
	| keyof typeof ACCOUNT_EVENTS
	| 'DeviceCreated'
	| 'DeviceCredentialRotated'
	| 'DeviceCredentialRevoked'
	| 'SiteImported'
	| keyof typeof TEST_WINDOW_EVENTS
	| keyof typeof INCIDENT_EVENTS
	| keyof typeof ORGANISATION_EVENTS
	| keyof typeof CHANNEL_EVENTS
	| 'NotificationAcknowledged'
	| keyof typeof RESIDENT_EVENTS
	| keyof typeof TICKET_EVENTS
)[];
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
