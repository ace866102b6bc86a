import type { RunCommand } from './commands';
import { deviceSilenceTimer, DEVICE_SILENCE } from './domain/device/timers';
import { escalationTimer, ESCALATION } from './domain/incident/timers';
import { testExpiryTimer, TEST_EXPIRY } from './domain/test-window/timers';
import { PATROL, patrolTimer, ROUND_PLAN, roundPlanTimer } from './domain/patrol/timers';
import { checklistOverdueTimer } from './domain/checklist/commands';
import { CHECKLIST_OVERDUE } from './domain/checklist/project';
import { TICKET_SLA } from './domain/ticket/project';
import { ticketTimer } from './domain/ticket/timers';
import { NOTIFICATION_REPEAT } from './domain/notification/project';
import { notificationRepeatTimer } from './domain/notification/commands';
import type { ProjectionSettings } from './projections';
import type { DueItem } from './scheduler/due-items';

/**
 * What each kind of due item fires: a command that decides again under its stream's lock, so an
 * item fires its effect once however many processes race for it or restart mid-way. One line per
 * kind; projections keep the items current.
 */
export function createTimers(run: RunCommand, settings: ProjectionSettings): Record<string, (item: DueItem) => Promise<unknown>> {
	return {
		[ESCALATION]: escalationTimer(run, settings.escalation),
		[TEST_EXPIRY]: testExpiryTimer(run),
		[DEVICE_SILENCE]: deviceSilenceTimer(run, settings.heartbeatGraceSeconds),
		[ROUND_PLAN]: roundPlanTimer(run),
		[PATROL]: patrolTimer(run),
		[CHECKLIST_OVERDUE]: checklistOverdueTimer(run),
		[TICKET_SLA]: ticketTimer(run),
		[NOTIFICATION_REPEAT]: notificationRepeatTimer(run)
	};
}
