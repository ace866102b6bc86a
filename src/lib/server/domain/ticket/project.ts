import type { EventEnvelope } from '$lib/domain/events';
import { applyTicketEvent, ticketIdOf, tickets } from '$lib/domain/ticket/evolve';
import type { Ticket } from '$lib/domain/ticket/model';
import { nextTimerAt } from '$lib/domain/ticket/timers';
import type { Queryable, Tx } from '../../db/client';
import { SiteRows, type Projection } from '../../event-log/projection';
import type { WriteItem } from '../../event-log/types';
import { listAllTickets, listOpenTickets, listTicketsById } from './queries';

/** The due-item kind of a ticket's next service-level moment (warning, breach, next rung). */
export const TICKET_SLA = 'ticket_sla';
export const ticketSlaKey = (ticket: string) => `${TICKET_SLA}:${ticket}`;

interface TicketsState {
	rows: SiteRows<Ticket>;
	loaded: Map<string, Ticket>;
}

/** The tickets a batch's inputs name: only commands and the scheduler send these. */
function namedBy(items: readonly WriteItem[]): string[] {
	const ids = new Set<string>();
	for (const item of items) {
		if (item.kind !== 'event' || item.event.sourceKind === 'device' || item.event.type === 'TicketOpened') continue;
		const id = ticketIdOf({ type: item.event.type, data: item.event.data } as EventEnvelope);
		if (id) ids.add(id);
	}
	return [...ids];
}

/**
 * Work orders (`ticket`): `evolveTicket`. A batch of device input reads nothing; an opened
 * ticket is new, so it needs no read either. Each open ticket keeps one due item at its clocks'
 * next moment (`nextTimerAt`), which the scheduler turns into warnings and escalations.
 */
export const ticketsProjection: Projection<TicketsState, Ticket> = {
	name: 'tickets',
	rule: tickets,
	async load(tx, items) {
		const ids = namedBy(items);
		const loaded = ids.length ? await listTicketsById(tx, ids) : [];
		return { rows: new SiteRows(loaded), loaded: new Map(loaded.map((t) => [t.id, t])) };
	},
	evolve: (state, e) => void applyTicketEvent(state.rows.of(e.site), e),
	persist(tx, state) {
		const changed = state.rows.upserted();
		return changed.length ? [upsertTickets(tx, changed).execute()] : [];
	},
	due(state) {
		const set = [];
		const clear = [];
		for (const t of state.rows.upserted()) {
			const at = nextTimerAt(t);
			const before = state.loaded.get(t.id);
			if (before && nextTimerAt(before) === at) continue;
			if (at) set.push({ key: ticketSlaKey(t.id), stream: t.site, kind: TICKET_SLA, dueAt: at });
			else if (before) clear.push(ticketSlaKey(t.id));
		}
		return { set, clear };
	},
	updates: (state) => state.rows.changes(),
	list: (sql, site) => listOpenTickets(sql, site),
	stored: (sql, site) => listAllTickets(sql, site),
	async replace(tx, site, rows) {
		await tx`delete from ticket where site = ${site}`;
		if (rows.length) await upsertTickets(tx, rows);
	}
};

function upsertTickets(tx: Tx | Queryable, rows: readonly Ticket[]) {
	const q = tx as Tx;
	const values = rows.map((t) => ({
		id: t.id,
		site: t.site,
		status: t.status,
		category: t.category,
		department: t.department,
		assignee: t.assignee,
		resident: t.resident,
		origin_kind: t.origin.kind,
		origin_id: t.origin.id,
		opened_at: t.openedAt,
		closed_at: t.closedAt,
		last_seq: t.lastSeq,
		state: t
	}));
	return q`
		insert into ticket (id, site, status, category, department, assignee, resident, origin_kind, origin_id, opened_at, closed_at, last_seq, state)
		select id, site, status, category, department, assignee, resident, origin_kind, origin_id, opened_at, closed_at, last_seq, state
		from jsonb_to_recordset(${q.json(values as never)}::jsonb) as x(id text, site text, status text, category text, department text, assignee text,
			resident text, origin_kind text, origin_id text, opened_at timestamptz, closed_at timestamptz, last_seq int8, state jsonb)
		on conflict (id) do update set status = excluded.status, category = excluded.category, department = excluded.department,
			assignee = excluded.assignee, resident = excluded.resident, closed_at = excluded.closed_at, last_seq = excluded.last_seq, state = excluded.state`;
}
