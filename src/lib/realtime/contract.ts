import type { Checklist } from '$lib/domain/checklist/model';
import type { Finding } from '$lib/domain/finding/findings';
import type { Ticket } from '$lib/domain/ticket/model';
import type { Notification } from '$lib/domain/notification/model';
import type { RoundRow } from '$lib/domain/patrol/rounds';
import type { PatrolPlanRow } from '$lib/domain/patrol/plans';
import type { DeviceStatus } from '$lib/domain/device/status';
import type { EventEnvelope, UnnumberedEnvelope } from '$lib/domain/events';
import type { Incident } from '$lib/domain/incident/model';
import type { GuardPosition } from '$lib/domain/patrol/guard-positions';
import type { DailyCounts } from '$lib/domain/site/daily-counts';
import type { RecentScan } from '$lib/domain/site/recent-scans';
import type { ActiveTest } from '$lib/domain/test-window/model';
import type { PlanVersion } from '$lib/domain/site/plan-version';
import type { Shift } from '$lib/domain/shift/model';

export type { PlanVersion };

/**
 * The one wire contract between server and browser over Socket.IO.
 *
 * A client joins a site with the last seq it has applied; the ack carries what it missed
 * (or `resync` when that is more than CATCH_UP_LIMIT events, and it should reload) and, when it
 * missed anything, every projection's rows for the site as of `head`. After that the server
 * sends, per committed batch, one `site:events` packet (in seq order) and one
 * `site:projections` packet with what the batch changed in each projection.
 */

export const CATCH_UP_LIMIT = 1000;
export const HEARTBEAT_INTERVAL_MS = 5000;

export const ACK_ERRORS = ['invalid_request', 'unknown_site', 'forbidden', 'unavailable', 'rate_limited'] as const;
export type AckError = (typeof ACK_ERRORS)[number];
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

export interface SiteJoinRequest {
	site: string;
	/** The last seq the client has applied (0 for none). */
	after: number;
}

export interface SiteJoinResult {
	site: string;
	/** The stream's last committed seq when the ack was built. */
	head: number;
	/** Events with seq > after, in order; empty when `resync`. */
	events: EventEnvelope[];
	/** More than CATCH_UP_LIMIT were missed: reload the site's state instead. */
	resync: boolean;
	/** When anything was missed: every projection's rows for the site as of `head`, replacing what the client holds. */
	projections?: ProjectionRowsBySite;
}

/** Projection name → the site's rows. Every row has an `id`, unique within its projection and site. */
export type ProjectionRowsBySite = Record<string, { id: string }[]>;

/** The rows of the projections the product registers, by name, for typed reads in the browser. */
export interface ProjectionRows {
	incidents: Incident;
	tests: ActiveTest;
	devices: DeviceStatus;
	guards: GuardPosition;
	scans: RecentScan;
	counts: DailyCounts;
	rounds: RoundRow;
	patrolPlans: PatrolPlanRow;
	findings: Finding;
	checklists: Checklist;
	/** Work orders: open ones, and a closed one's last change (the browser drops it). */
	tickets: Ticket;
	/** The system stream's (`SYSTEM_STREAM` as the site): the shift on duty and the last few ended. */
	shifts: Shift;
}

/**
 * What one committed batch changed in each projection for one site, sent right after its
 * `site:events`. `seq` is the batch's last seq: a client whose rows were loaded at or past it
 * ignores the packet. Rows are replaced whole by `id`; `remove` lists ids that left the view.
 */
export interface SiteProjectionsPayload {
	site: string;
	seq: number;
	updates: Record<string, { upsert: { id: string }[]; remove: string[] }>;
}

export interface SiteEventsPayload {
	site: string;
	events: EventEnvelope[];
}

export interface HeartbeatPayload {
	/** Server time. */
	at: string;
	/** Time of the last committed ingest, so a console can tell "live" from "nothing flowing". */
	lastIngestAt: string | null;
	/** The database is unreachable: inputs are held, not lost. */
	degraded: boolean;
}

/**
 * An alarm received but not yet stored (the database is down or slow): shown at once, marked
 * "not yet stored", and replaced by the stored event (same source and id) once committed.
 * It has no seq and takes no part in the seq order.
 */
export interface AlarmUnconfirmedPayload {
	site: string;
	alarm: UnnumberedEnvelope;
}

/** An alarm the database refused after it was shown unconfirmed: it is in the dead-letter table, never in the log. */
export interface AlarmRejectedPayload extends AlarmUnconfirmedPayload {
	reasons: string[];
}


/**
 * Why the server ended a socket's session, sent as `session:ended` just before it disconnects
 * the socket, so a page can tell "signed out" from a network drop: `expired` (the role's idle or
 * absolute limit, or the token's expiry), `signed_out` (this session signed out, in any tab),
 * `ended` (ended by an administrator, the account disabled or changed, the token revoked).
 */
export const SESSION_END_REASONS = ['expired', 'signed_out', 'ended'] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

export interface SessionEndedPayload {
	reason: SessionEndReason;
}

/**
 * Handshake refusals (the `connect_error` message). `unauthenticated`: no live session or token,
 * so reconnecting cannot help; the others are passing (`unavailable`) or a misconfiguration.
 */
export const HANDSHAKE_ERRORS = ['unauthenticated', 'forbidden origin', 'unavailable'] as const;
export type HandshakeError = (typeof HANDSHAKE_ERRORS)[number];

export interface ServerToClientEvents {
	'session:ended': (payload: SessionEndedPayload) => void;
	'site:events': (payload: SiteEventsPayload) => void;
	'site:projections': (payload: SiteProjectionsPayload) => void;
	'alarm:unconfirmed': (payload: AlarmUnconfirmedPayload) => void;
	'alarm:rejected': (payload: AlarmRejectedPayload) => void;
	'server:heartbeat': (payload: HeartbeatPayload) => void;
	'guard:changed': (payload: GuardChangedPayload) => void;
	'notification:changed': (payload: NotificationChangedPayload) => void;
}

/**
 * To each recipient's own sockets (their user room): a notification of theirs was raised,
 * repeated or acknowledged. People's, not a site's: never in a site's packets or snapshot. The
 * bell reloads `GET /api/notifications` on reconnect, so a packet missed while offline loses nothing.
 */
export interface NotificationChangedPayload {
	notification: Notification;
}

/** Projections whose rows are people's: the publisher sends each row to its recipients' rooms, never to a site's. */
export const PERSONAL_PROJECTIONS: readonly string[] = ['notifications'];

/**
 * To a guard's phone: something the guard's page shows changed (a scan of theirs stored, their
 * round moved, an incident sent to them). The phone reloads its snapshot (`GET …/guard`); the
 * packet carries no data, so a phone offline meanwhile loses nothing by missing it.
 */
export interface GuardChangedPayload {
	site: string;
	seq: number;
}

export interface ClientToServerEvents {
	'site:join': (request: SiteJoinRequest, ack: (result: Ack<SiteJoinResult>) => void) => void;
	'shifts:join': (request: Record<string, never>, ack: (result: Ack<ShiftsJoinResult>) => void) => void;
	'site:leave': (request: { site: string }, ack?: (result: Ack<null>) => void) => void;
}

export const siteRoom = (site: string) => `site:${site}`;
/** The room of a guard's phones: sockets of accounts linked to that guard of that site. */
export const guardRoom = (site: string, guard: string) => `guard:${site}:${guard}`;
/** The room of every guard phone of a site: told of rounds open to anyone. */
export const siteGuardsRoom = (site: string) => `guards:${site}`;
/** The system stream's room (accounts, tokens: facts of no site), joined by administrators' sockets. */
export const SYSTEM_ROOM = 'stream:system';

/**
 * The duty shift's room. A control room watches several sites, so its shift is a view of the
 * system stream, which consoles do not join (its accounts' audit is the administrators'). A
 * console (operators, managers, administrators) sends `shifts:join`: the socket joins this room,
 * and the ack carries the system stream's head and the shift views' rows (`SHIFT_PROJECTIONS`).
 * After that, each committed batch that changed a shift is one `site:projections` packet with
 * `site: SYSTEM_STREAM` carrying those views only, applied like a site's (by seq, rows by id).
 */
export const SHIFT_ROOM = 'stream:system:shifts';
/** The system stream's views a console follows in the shift room. */
export const SHIFT_PROJECTIONS: readonly string[] = ['shifts'];

export interface ShiftsJoinResult {
	/** SYSTEM_STREAM. */
	site: string;
	/** The system stream's last committed seq when the rows were read. */
	head: number;
	projections: ProjectionRowsBySite;
}

/** A site's state for a console's first paint (the page load); a resync reloads `SiteState` instead. */
export interface SiteSnapshot {
	id: string;
	name: { 'zh-CN': string; 'zh-TW': string; en: string };
	timeZone: string;
	/** Last committed seq: join with `after: head`. */
	head: number;
	/** Newest events, newest first. */
	latest: EventEnvelope[];
	/** Every projection's rows for the site as of `head` (the incident queue, tests, devices, guards, scans, counts). */
	projections: ProjectionRowsBySite;
}

export const SNAPSHOT_LATEST = 50;

/**
 * A site's state at an instant: `GET /api/sites/{site}/state?at=<ISO 8601>` (the last seq
 * committed at or before it), `?seq=N`, or now. Every registered projection's rows as a console
 * holds them at `seq`, computed by the same rules as live, from a keyframe and the log after it.
 */
export interface SiteState {
	site: string;
	/** The last seq applied (0: nothing yet). */
	seq: number;
	/** When `seq` was committed (null for seq 0). */
	committedAt: string | null;
	/** The plan the site had at `seq` (null before its first import with a stored bundle). */
	plan: PlanVersion | null;
	projections: ProjectionRowsBySite;
}

/** `GET /api/events?site=&after=&limit=`: a site's events with seq > after, in seq order, and its head. */
export interface EventsPage {
	site: string;
	/** The stream's last committed seq when the page was read. */
	head: number;
	events: EventEnvelope[];
}
