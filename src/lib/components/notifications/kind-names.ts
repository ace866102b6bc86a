import type { ChannelKind } from '$lib/domain/notification/channel-config';
import type { NotificationKind } from '$lib/domain/notification/model';
import type { Severity } from '$lib/domain/notification/outbound-message';
import { m } from '$lib/paraglide/messages.js';

/** The kinds of notification, and of channel, in the reader's language. */

export const notificationKindNames: Record<NotificationKind, () => string> = {
	ticket_assigned: m.notify_kind_ticket_assigned,
	ticket_warning: m.notify_kind_ticket_warning,
	ticket_escalated: m.notify_kind_ticket_escalated,
	ticket_reopened: m.notify_kind_ticket_reopened,
	incident_escalated: m.notify_kind_incident_escalated,
	incident_dispatched: m.notify_kind_incident_dispatched,
	checklist_skipped: m.notify_kind_checklist_skipped,
	checklist_overdue: m.notify_kind_checklist_overdue,
	watchdog: m.notify_kind_watchdog
};

export const channelKindNames: Record<ChannelKind, () => string> = {
	webhook: m.channel_kind_webhook,
	email: m.channel_kind_email,
	wecom: m.channel_kind_wecom,
	dingtalk: m.channel_kind_dingtalk,
	feishu: m.channel_kind_feishu
};

export const severityNames: Record<Severity, () => string> = {
	critical: m.severity_critical,
	major: m.severity_major,
	minor: m.severity_minor,
	info: m.severity_info
};
