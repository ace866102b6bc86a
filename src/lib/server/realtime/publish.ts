import type { EventEnvelope } from '$lib/domain/events';
import { SYSTEM_STREAM } from '$lib/domain/envelope';
import type { Committed, ProjectionUpdates } from '../event-log/types';
import type { Notification } from '$lib/domain/notification/model';
import { guardRoom, PERSONAL_PROJECTIONS, SHIFT_PROJECTIONS, SHIFT_ROOM, siteGuardsRoom, siteRoom, SYSTEM_ROOM, type AlarmRejectedPayload, type AlarmUnconfirmedPayload } from '$lib/realtime/contract';
import { listGuardsConcerned } from '$lib/domain/guard/concerns';
import type { Sql } from '../db/client';
import { readEventsAfter } from '../event-log/read';
import type { Logger } from '../log';
import { userRoom, type RealtimeServer } from './connection';

/**
 * The only sender of stream packets to sockets. After a commit (from the bus): one `site:events`
 * packet per site for the whole batch, in seq order, then one `site:projections` packet with every
 * projection's changes for that site. The system stream goes to its own room the same way, but
 * for its duty-shift views, which go to the shift room (every console signed on).
 * Besides, the documented pre-storage alarm notices (`alarm:unconfirmed`, `alarm:rejected`).
 *
 * A commit whose acknowledgement was lost (the connection dropped after COMMIT) is retried
 * and then finds its events already stored, so they never come back as fresh envelopes.
 * The publisher keeps each stream's last published seq and fills such holes from the log
 * before sending, so dashboards see every seq once, in order.
 */
export class CommittedPublisher {
	#last = new Map<string, number>();
	#chain: Promise<void> = Promise.resolve();

	constructor(private readonly deps: { io: RealtimeServer; sql: Sql; log: Logger }) {}

	/** Queue a committed batch and what it changed in the projections; packets leave in commit order. */
	publish({ envelopes, updates }: Committed): void {
		const bySite = groupBySite(envelopes, (e) => e.site);
		for (const site of updates.keys()) if (!bySite.has(site)) bySite.set(site, []);
		this.#chain = this.#chain.then(async () => {
			for (const [site, events] of bySite) {
				await this.#send(site, events);
				this.#sendProjections(site, events, updates);
				this.#nudgeGuards(site, events, updates);
			}
		});
	}

	/** An alarm received and shown before it is stored (the database is slow or down). */
	alarmUnconfirmed(payload: AlarmUnconfirmedPayload): void {
		this.deps.io.to(siteRoom(payload.site)).emit('alarm:unconfirmed', payload);
	}

	/** An alarm shown unconfirmed that the database then refused (dead-lettered). */
	alarmRejected(payload: AlarmRejectedPayload): void {
		this.deps.io.to(siteRoom(payload.site)).emit('alarm:rejected', payload);
	}

	#room(site: string): string {
		return site === SYSTEM_STREAM ? SYSTEM_ROOM : siteRoom(site);
	}

	#sendProjections(site: string, events: EventEnvelope[], updates: ProjectionUpdates): void {
		const all = updates.get(site);
		if (!all) return;
		const changed = this.#sendPersonal(all);
		// The seq the changes reflect: a browser that loaded its rows at or past it ignores them.
		const seq = events.at(-1)?.seq ?? this.#last.get(site) ?? 0;
		if (site !== SYSTEM_STREAM) return void this.deps.io.to(siteRoom(site)).emit('site:projections', { site, seq, updates: changed });
		// The system stream's views: the duty shift goes to every console in the shift room, the rest to administrators.
		const shift = Object.entries(changed).filter(([name]) => SHIFT_PROJECTIONS.includes(name));
		const rest = Object.entries(changed).filter(([name]) => !SHIFT_PROJECTIONS.includes(name));
		if (shift.length) this.deps.io.to(SHIFT_ROOM).emit('site:projections', { site, seq, updates: Object.fromEntries(shift) });
		if (rest.length) this.deps.io.to(SYSTEM_ROOM).emit('site:projections', { site, seq, updates: Object.fromEntries(rest) });
	}

	/** Send the people's rows (notifications) to their recipients' rooms; what is left is the site's. */
	#sendPersonal(changed: Record<string, { upsert: { id: string }[]; remove: string[] }>) {
		const personal = Object.entries(changed).filter(([name]) => PERSONAL_PROJECTIONS.includes(name));
		if (!personal.length) return changed;
		for (const [, { upsert }] of personal) {
			for (const row of upsert as Notification[]) if (row.to.length) this.deps.io.to(row.to.map(userRoom)).emit('notification:changed', { notification: row });
		}
		return Object.fromEntries(Object.entries(changed).filter(([name]) => !PERSONAL_PROJECTIONS.includes(name)));
	}

	/** Tell the guards' phones whose page changed to reload it (`guard:changed`). */
	#nudgeGuards(site: string, events: EventEnvelope[], updates: ProjectionUpdates): void {
		if (site === SYSTEM_STREAM) return;
		const { guards, everyone } = listGuardsConcerned(events, updates.get(site));
		const seq = events.at(-1)?.seq ?? this.#last.get(site) ?? 0;
		if (guards.size || everyone) {
			const rooms = everyone ? [siteGuardsRoom(site)] : [...guards].map((g) => guardRoom(site, g));
			this.deps.io.to(rooms).emit('guard:changed', { site, seq });
		}
		// A step ticked on the console changes the procedure a dispatched guard's phone shows; the
		// checklist row does not name the guard, so look it up, off the publishing chain.
		const ticked = (updates.get(site)?.checklists?.upsert ?? []).map((c) => c.id);
		if (ticked.length) void this.#nudgeDispatched(site, ticked, seq, guards);
	}

	async #nudgeDispatched(site: string, incidents: string[], seq: number, nudged: Set<string>): Promise<void> {
		try {
			const rows = await this.deps.sql<{ guard: string }[]>`
				select distinct state -> 'dispatch' ->> 'guard' as guard from incident
				where id = any(${incidents}) and state -> 'dispatch' ->> 'guard' is not null`;
			const rooms = rows.filter((r) => !nudged.has(r.guard)).map((r) => guardRoom(site, r.guard));
			if (rooms.length) this.deps.io.to(rooms).emit('guard:changed', { site, seq });
		} catch (err) {
			// The phone still refreshes on its own next change or reconnect.
			this.deps.log.warn({ err, site }, 'could not tell dispatched guards of a checklist change');
		}
	}

	async #send(site: string, events: EventEnvelope[]): Promise<void> {
		const last = this.#last.get(site);
		// Already sent while filling a hole (overlapping commits can report out of order).
		if (last !== undefined) events = events.filter((e) => e.seq > last);
		if (!events.length) return;
		const first = events[0].seq;
		if (last !== undefined && first > last + 1) {
			try {
				const missing = await readEventsAfter(this.deps.sql, site, last, first - last - 1);
				events = [...missing, ...events];
			} catch (err) {
				// Clients see the hole and catch up by re-joining.
				this.deps.log.warn({ err, site, from: last + 1, to: first - 1 }, 'could not fill a broadcast gap');
			}
		}
		this.#last.set(site, events.at(-1)!.seq);
		this.deps.io.to(this.#room(site)).emit('site:events', { site, events });
	}
}

function groupBySite<T>(items: T[], siteOf: (t: T) => string): Map<string, T[]> {
	const bySite = new Map<string, T[]>();
	for (const item of items) {
		const list = bySite.get(siteOf(item));
		if (list) list.push(item);
		else bySite.set(siteOf(item), [item]);
	}
	return bySite;
}
