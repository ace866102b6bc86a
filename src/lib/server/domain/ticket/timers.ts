import { siteOfTicket } from '$lib/domain/ticket/model';
import { dueTimerEvents } from '$lib/domain/ticket/timers';
import { newEvent, type RunCommand } from '../../commands';
import { clearDueItem, type DueItem } from '../../scheduler/due-items';
import { readTicketContext } from './context';
import { TICKET_SLA } from './project';
import { getTicket } from './queries';

/** Who warns and escalates tickets in the log. */
export const TICKET_TIMER_SOURCE = 'tickets';

/**
 * Say what a ticket's clocks owe at the runtime's `now`: decided again under the site's lock on
 * the ticket as it stands (it may have been assigned meanwhile), so two processes or a restart
 * mid-way warn and escalate each rung once; the source id names the stage and rung as well. A
 * due item with nothing left to say is cleared.
 */
export async function fireTicketTimers(run: RunCommand, id: string, item?: DueItem): Promise<number> {
	const site = siteOfTicket(id);
	if (!site) return 0;
	let fired = 0;
	await run<'not_due'>(site, async ({ tx, now }) => {
		const ticket = await getTicket(tx, id);
		const ctx = ticket ? await readTicketContext(tx, site, now) : null;
		const due = ticket && ctx ? dueTimerEvents(ticket, ctx.org, now) : [];
		if (!due.length) {
			if (item) await clearDueItem(tx, item);
			return { ok: false, reason: 'not_due' };
		}
		fired = due.length;
		const round = ticket!.rework;
		const events = due.map((e) => {
			const what = e.type === 'TicketSlaWarned' ? 'warned' : e.data.level;
			const sourceEventId = `${id}/${round}/${e.data.stage}/${what}/${e.data.dueAt}`;
			return newEvent({ stream: site, type: e.type, sourceKind: 'system', sourceId: TICKET_TIMER_SOURCE, sourceEventId, data: e.data }, now);
		});
		return { ok: true, events };
	});
	return fired;
}

export const ticketTimer = (run: RunCommand) => (item: DueItem) => fireTicketTimers(run, item.key.slice(TICKET_SLA.length + 1), item);
