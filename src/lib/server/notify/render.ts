import type { LocalizedName } from '$lib/domain/site/model';
import { m } from '$lib/paraglide/messages.js';
import type { Locale } from '$lib/paraglide/runtime.js';
import type { OutboxMessage } from '../domain/notification/project';
import type { OutboundMessage } from '$lib/domain/notification/outbound-message';

type Params = OutboxMessage['params'];
const str = (v: Params[string] | undefined): string => (v === null || v === undefined ? '' : String(v));

const STAGES: Record<string, (i: object, o: { locale: Locale }) => string> = {
	response: m.sla_stage_response,
	arrival: m.sla_stage_arrival,
	completion: m.sla_stage_completion,
	follow_up: m.sla_stage_follow_up
};
const LEVELS: Record<string, (i: object, o: { locale: Locale }) => string> = {
	assignee: m.escalation_level_assignee,
	supervisor: m.escalation_level_supervisor,
	manager: m.escalation_level_manager,
	service_centre: m.escalation_level_service_centre
};
const REASONS: Record<string, (i: object, o: { locale: Locale }) => string> = { rework: m.ticket_reopen_reason_rework, manual: m.ticket_reopen_reason_manual };

/** An instant as the site's wall clock reads it (`12-02 14:30`). */
function wallClock(iso: string, timeZone: string): string {
	const parts = new Intl.DateTimeFormat('en-GB', { timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(iso));
	const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
	return `${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

export interface RenderSite {
	name: LocalizedName;
	timeZone: string;
}

/**
 * A delivery's words in one language: the title and text of its kind, with the site's name, the
 * stage and rung named, times on the site's clock, and a link into the console when the public
 * origin is known. Only ids and codes go in: no resident's name or number can reach a channel.
 */
export function renderNotification(msg: OutboxMessage, locale: Locale, site: RenderSite | undefined, origin: string | undefined): OutboundMessage {
	const o = { locale };
	const p = msg.params;
	const args = {
		site: site?.name[locale] ?? msg.site,
		ticket: msg.ref.type === 'ticket' ? msg.ref.id : '',
		incident: msg.ref.type === 'incident' ? msg.ref.id : '',
		stage: STAGES[str(p.stage)]?.({}, o) ?? str(p.stage),
		level: msg.kind === 'incident_escalated' ? str(p.level) : (LEVELS[str(p.level)]?.({}, o) ?? str(p.level)),
		due: p.dueAt ? wallClock(str(p.dueAt), site?.timeZone ?? 'Asia/Shanghai') : '',
		reason: REASONS[str(p.reason)]?.({}, o) ?? str(p.reason),
		step: str(p.step),
		guard: str(p.guard)
	};
	const titles = {
		ticket_assigned: [m.notify_title_ticket_assigned, m.notify_text_ticket_assigned],
		ticket_warning: [m.notify_title_ticket_warning, m.notify_text_ticket_warning],
		ticket_escalated: [m.notify_title_ticket_escalated, m.notify_text_ticket_escalated],
		ticket_reopened: [m.notify_title_ticket_reopened, m.notify_text_ticket_reopened],
		incident_escalated: [m.notify_title_incident_escalated, m.notify_text_incident_escalated],
		incident_dispatched: [m.notify_title_incident_dispatched, m.notify_text_incident_dispatched],
		checklist_skipped: [m.notify_title_checklist_skipped, m.notify_text_checklist_skipped],
		checklist_overdue: [m.notify_title_checklist_overdue, m.notify_text_checklist_overdue]
	} as const;
	const [title, text] = titles[msg.kind] as unknown as [(i: typeof args, o: { locale: Locale }) => string, (i: typeof args, o: { locale: Locale }) => string];
	const path = msg.ref.type === 'ticket' ? `/tickets/${encodeURIComponent(msg.ref.id)}` : `/?site=${encodeURIComponent(msg.site)}`;
	return {
		title: title(args, o) + (msg.repeat ? m.notify_repeat_suffix({ n: msg.repeat }, o) : ''),
		text: text(args, o),
		severity: msg.severity as OutboundMessage['severity'],
		link: origin ? `${origin}${path}` : null,
		at: msg.at,
		kind: msg.kind
	};
}
