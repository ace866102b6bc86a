/**
 * Notifications: what the control room tells people who are not watching a console (an
 * escalation, a breach, an assignment, a procedure step skipped, a dispatch). Each is decided
 * once, recorded as a `NotificationRaised` event naming its recipients and the channels it goes
 * out on, and projected into the in-app notification centre and the delivery outbox in the same
 * transaction. Pure, no I/O.
 */

export const NOTIFICATION_KINDS = [
	'ticket_assigned',
	'ticket_warning',
	'ticket_escalated',
	'ticket_reopened',
	'incident_escalated',
	'incident_dispatched',
	'checklist_skipped',
	'checklist_overdue',
	'watchdog'
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * The kind a channel takes to hear from the watchdog (the control room itself in trouble: database
 * down, ingest stalled, a site nobody watches). A channel's subscription only: the watchdog sends
 * on its own, from its own process, and never raises a `NotificationRaised`, so no notification
 * centre lists it and no person's rule names it.
 */
export const WATCHDOG_KIND = 'watchdog' satisfies NotificationKind;

/** The kinds a `NotificationRaised` may carry and a person's rule may name: all but the watchdog's. */
export const NOTICE_KINDS: readonly NoticeKind[] = NOTIFICATION_KINDS.filter((k): k is NoticeKind => k !== WATCHDOG_KIND);
export type NoticeKind = Exclude<NotificationKind, typeof WATCHDOG_KIND>;

/** How urgent a kind is, for the bell and the channels' styling. */
export const NOTIFICATION_SEVERITY: Record<NotificationKind, 'critical' | 'major' | 'minor' | 'info'> = {
	ticket_assigned: 'info',
	ticket_warning: 'minor',
	ticket_escalated: 'major',
	ticket_reopened: 'minor',
	incident_escalated: 'critical',
	incident_dispatched: 'major',
	checklist_skipped: 'minor',
	checklist_overdue: 'major',
	watchdog: 'critical'
};

/** What a notification is about: a ticket or an incident, by id. */
export interface NotificationRef {
	type: 'ticket' | 'incident';
	id: string;
}

/** What the text is made from: ids and codes only (never a resident's name or number), rendered in the reader's language. */
export type NotificationParams = Record<string, string | number | null>;

/** The most times a notification repeats while nobody acknowledges it. */
export const REPEAT_MAX = 10;

export interface Notification {
	/** `{site}:{seq of the event it is about}:{kind}`. */
	id: string;
	site: string;
	kind: NoticeKind;
	ref: NotificationRef;
	params: NotificationParams;
	at: string;
	/** The people it is for: their notification centres list it. */
	to: string[];
	/** Channel ids it went out on. */
	channels: string[];
	/** Minutes between repeats until acknowledged, or null for once. */
	repeatEvery: number | null;
	repeats: number;
	lastSentAt: string;
	acknowledgedAt: string | null;
	acknowledgedBy: string | null;
	lastSeq: number;
}

export const notificationIdFor = (site: string, seq: number, kind: NoticeKind): string => `${site}:${seq}:${kind}`;

/** The site a notification id names, or null. */
export function siteOfNotification(id: string): string | null {
	const m = /^(.+):(\d+):([a-z_]+)$/.exec(id);
	return m ? m[1] : null;
}

/** The kind a notification id names, or null. */
export function kindOfNotification(id: string): NotificationKind | null {
	const kind = /:([a-z_]+)$/.exec(id)?.[1];
	return (NOTIFICATION_KINDS as readonly string[]).includes(kind ?? '') ? (kind as NotificationKind) : null;
}

/** When it next repeats, or null when it does not (acknowledged, once only, or at its limit). */
export function nextRepeatAt(n: Notification): string | null {
	if (n.repeatEvery === null || n.acknowledgedAt || n.repeats >= REPEAT_MAX) return null;
	return new Date(Date.parse(n.lastSentAt) + n.repeatEvery * 60_000).toISOString();
}
