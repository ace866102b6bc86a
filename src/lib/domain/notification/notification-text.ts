import { m } from '$lib/paraglide/messages.js';
import type { Locale, LocalizedName } from '../site/model';
import type { Notification, NotificationKind, NotificationParams, NotificationRef } from './model';

/**
 * A notification's words, the one rule for them: the outbox's senders word a delivery with it in
 * its channel's language, and the bell words the same notification with it in the reader's. Its
 * title and text by kind, with the site's name, the SLA stage and escalation rung named, and due
 * times on the site's clock. Only ids and codes go in, so no resident's name or number can come out.
 */

/** What the words need of a site: its name and the time zone of its clock. */
export interface NotificationSite {
	name: LocalizedName;
	timeZone: string;
}

/** What a notification's words are made from (a `Notification`, or an outbox message about one). */
export interface NotificationSubject {
	site: string;
	kind: NotificationKind;
	ref: NotificationRef;
	params: NotificationParams;
}

type Word = (inputs: object, options: { locale: Locale }) => string;
type Param = NotificationParams[string] | undefined;
const str = (v: Param): string => (v === null || v === undefined ? '' : String(v));

const STAGES: Record<string, Word> = {
	response: m.sla_stage_response,
	arrival: m.sla_stage_arrival,
	completion: m.sla_stage_completion,
	follow_up: m.sla_stage_follow_up
};
const LEVELS: Record<string, Word> = {
	assignee: m.escalation_level_assignee,
	supervisor: m.escalation_level_supervisor,
	manager: m.escalation_level_manager,
	service_centre: m.escalation_level_service_centre
};
const REASONS: Record<string, Word> = { rework: m.ticket_reopen_reason_rework, manual: m.ticket_reopen_reason_manual };

const WORDS = {
	ticket_assigned: [m.notify_title_ticket_assigned, m.notify_text_ticket_assigned],
	ticket_warning: [m.notify_title_ticket_warning, m.notify_text_ticket_warning],
	ticket_escalated: [m.notify_title_ticket_escalated, m.notify_text_ticket_escalated],
	ticket_reopened: [m.notify_title_ticket_reopened, m.notify_text_ticket_reopened],
	incident_escalated: [m.notify_title_incident_escalated, m.notify_text_incident_escalated],
	incident_dispatched: [m.notify_title_incident_dispatched, m.notify_text_incident_dispatched],
	checklist_skipped: [m.notify_title_checklist_skipped, m.notify_text_checklist_skipped],
	checklist_overdue: [m.notify_title_checklist_overdue, m.notify_text_checklist_overdue]
} as unknown as Record<NotificationKind, [Word, Word]>;

/** An instant as a site's wall clock reads it (`12-02 14:30`). */
export function wallClock(iso: string, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/**
 * The title and text of a notification in `locale`. `site` unknown: the site shows by id and due
 * times on Shanghai's clock. `repeat` > 0 adds "(reminder n)" to the title.
 */
export function describeNotification(n: NotificationSubject, locale: Locale, site: NotificationSite | undefined, repeat = 0): { title: string; text: string } {
	const o = { locale };
	const p = n.params;
	const args = {
		site: site?.name[locale] ?? n.site,
		ticket: n.ref.type === 'ticket' ? n.ref.id : '',
		incident: n.ref.type === 'incident' ? n.ref.id : '',
		stage: STAGES[str(p.stage)]?.({}, o) ?? str(p.stage),
		// An incident's level is a number; a ticket's a rung of the organisation's chain.
		level: n.kind === 'incident_escalated' ? str(p.level) : (LEVELS[str(p.level)]?.({}, o) ?? str(p.level)),
		due: p.dueAt ? wallClock(str(p.dueAt), site?.timeZone ?? 'Asia/Shanghai') : '',
		reason: REASONS[str(p.reason)]?.({}, o) ?? str(p.reason),
		step: str(p.step),
		guard: str(p.guard)
	};
	const [title, text] = WORDS[n.kind];
	return { title: title(args, o) + (repeat > 0 ? m.notify_repeat_suffix({ n: repeat }, o) : ''), text: text(args, o) };
}

/** Where in Shouwang a notification is about: the ticket's page, or the incident on its site's console. */
export function pathOfNotification(n: Pick<Notification, 'site' | 'ref'>): string {
	if (n.ref.type === 'ticket') return `/tickets/${encodeURIComponent(n.ref.id)}`;
	return `/?site=${encodeURIComponent(n.site)}&incident=${encodeURIComponent(n.ref.id)}`;
}
