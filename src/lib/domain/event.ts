import type { AlarmType, ScanMethod, Severity } from './site';
import { INCIDENT_EVENT_TYPES } from './incident';
import { TEST_MODE_EVENT_TYPES } from './test-mode';

/**
 * The event log's shared vocabulary: what the server stores and the browser receives.
 * Every fact is one event in one site's stream (or the `system` stream), numbered by a
 * gap-free per-stream sequence.
 */

/** What devices report. */
const DEVICE_EVENT_TYPES = ['CheckpointScanned', 'AlarmRaised', 'AlarmCleared', 'DeviceCameOnline', 'DeviceWentOffline'] as const;

/** Who did what: people's and the system's actions (incident steps included), the audit page's allow-list for its `type` filter. */
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
	'DeviceCredentialRevoked',
	'SiteImported',
	...TEST_MODE_EVENT_TYPES,
	...INCIDENT_EVENT_TYPES
] as const;
export type AuditType = (typeof AUDIT_TYPES)[number];

export const EVENT_TYPES = [...DEVICE_EVENT_TYPES, ...AUDIT_TYPES] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type SourceKind = 'device' | 'user' | 'system';

/** The stream for facts that belong to no site; never sent to a site's room. */
export const SYSTEM_STREAM = 'system';

/** Device clocks drift; past this the event is flagged, never rejected. */
export const CLOCK_SKEW_LIMIT_MS = 5 * 60 * 1000;

export interface CheckpointScannedData {
	guard: string;
	checkpoint: string;
	method: ScanMethod;
}

export interface AlarmData {
	point: string;
	type: AlarmType;
	severity: Severity;
	zone?: string;
	text?: string;
}

export interface DeviceStatusData {
	interval?: number;
}

/** What a browser (or API client) receives for one stored event. */
export interface EventEnvelope {
	site: string;
	seq: number;
	type: EventType;
	/** The source's own id for the input (a device's message id); null for server-made events. */
	id: string | null;
	source: { kind: SourceKind; id: string };
	/** The device's time, as it said. */
	at: string;
	/** The server's time of receipt. */
	receivedAt: string;
	/** Present when the device clock was off by more than CLOCK_SKEW_LIMIT_MS (at − receivedAt). */
	skewMs?: number;
	data: Record<string, unknown>;
}

/** True when the device's clock differs from the server's by more than the limit. */
export function isClockSkewed(at: Date, receivedAt: Date): boolean {
	return Math.abs(at.getTime() - receivedAt.getTime()) > CLOCK_SKEW_LIMIT_MS;
}
