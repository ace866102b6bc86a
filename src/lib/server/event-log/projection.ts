import type { EventEnvelope } from '$lib/domain/events';
import { RowSet, type Row, type RowChanges, type SiteProjection } from '$lib/domain/projection';
import type { Sql, Queryable, Tx } from '../db/client';
import type { DeviceStatusReport, NewEvent, WriteItem } from './types';
import type { DueItemChanges } from '../scheduler/due-items';

/**
 * A projection: a named view of the log, kept up to date in the appending transaction.
 *
 * - `load` reads what a batch's inputs may touch. It is sent together with the streams' head
 *   lock (one round trip) and must read nothing when no input concerns it.
 * - `evolve` is the pure rule from `lib/domain`, applied to each numbered event in seq order.
 * - `persist` returns its writes unawaited, so they travel with the event insert.
 * - `due` (optional) keeps the scheduler's due items current for what the batch changed
 *   (escalation, device silence, test expiry): written in the same round trip.
 * - `updates` is what browsers receive in `site:projections`, per site; `list` is a site's
 *   rows for a first paint or a resync, the same rows the updates keep current.
 *
 * - `rule` is the same view as a pure fold over one site's log (`lib/domain/projections.ts`):
 *   what `state?at=`, the keyframes and `projections check` replay. `stored` reads every row the
 *   table holds for a site (what a replay from seq 1 must equal); `replace` writes a replay's
 *   rows in their place (`projections rebuild`).
 *
 * - `stream: 'system'` marks a view of the system stream (facts of no site: the duty shift). It
 *   is kept in the same transactions, but left out of a site's snapshot, catch-up, keyframes and
 *   state; its `list`, `stored` and `replace` are asked for SYSTEM_STREAM only, and
 *   `projections check` replays the system stream for it.
 *
 * Adding one is a folder under `server/domain/` and a line in `server/projections.ts`.
 */
export interface Projection<State = unknown, R extends Row = Row> {
	readonly name: string;
	/** Whose stream it views: a site's (the default) or the system stream. */
	readonly stream?: 'site' | 'system';
	readonly rule: SiteProjection<unknown, R>;
	load(tx: Tx, items: readonly WriteItem[]): Promise<State>;
	/** The event as it is to be stored, given what `load` read (test mode marks events here). */
	stamp?(event: NewEvent, state: State): NewEvent;
	/** A device status report: the event it makes (null when it changes nothing) or undefined when this projection does not decide them. */
	decideStatus?(report: DeviceStatusReport, state: State): NewEvent | null | undefined;
	evolve(state: State, e: EventEnvelope): void;
	/**
	 * Events that follow from what the batch did (an incident opened: its checklist attached),
	 * appended after the batch's own in the same transaction and evolved by every projection.
	 * Must read nothing when the batch gave it nothing to follow; its events must be in streams
	 * the batch locked, and must follow nothing themselves.
	 */
	follow?(tx: Tx, state: State, now: Date): Promise<NewEvent[]>;
	persist(tx: Tx, state: State): Promise<unknown>[];
	due?(state: State): DueItemChanges;
	updates(state: State): Map<string, RowChanges<R>>;
	/** A site's rows now (`now` from the runtime clock, for projections kept by day). */
	list(sql: Queryable, site: string, now: Date): Promise<R[]>;
	/** Every row the table holds for a site. */
	stored(sql: Queryable, site: string): Promise<R[]>;
	/** Put `rows` in place of the site's stored rows (inside the caller's transaction). */
	replace(tx: Tx, site: string, rows: readonly R[]): Promise<void>;
}

/** The registry's views of sites' streams: what a site's snapshot, catch-up, keyframes and state hold. */
export const siteProjectionsOf = (registry: readonly Projection[]): Projection[] => registry.filter((p) => p.stream !== 'system');

/** The registry's views of the system stream. */
export const systemProjectionsOf = (registry: readonly Projection[]): Projection[] => registry.filter((p) => p.stream === 'system');

/** One RowSet per site: what most projections hold for a batch. */
export class SiteRows<R extends Row & { site: string }> {
	#bySite = new Map<string, RowSet<R>>();

	constructor(loaded: Iterable<R> = []) {
		const bySite = new Map<string, R[]>();
		for (const row of loaded) {
			const list = bySite.get(row.site);
			if (list) list.push(row);
			else bySite.set(row.site, [row]);
		}
		// What was loaded is the starting point, not a change.
		for (const [site, rows] of bySite) this.#bySite.set(site, new RowSet(rows));
	}

	/** The rows of one site (empty when none were loaded). */
	of(site: string): RowSet<R> {
		let rows = this.#bySite.get(site);
		if (!rows) this.#bySite.set(site, (rows = new RowSet<R>()));
		return rows;
	}

	/** Changes per site, sites without any left out. */
	changes(): Map<string, RowChanges<R>> {
		const out = new Map<string, RowChanges<R>>();
		for (const [site, rows] of this.#bySite) {
			const c = rows.changes();
			if (c.upsert.length || c.remove.length) out.set(site, c);
		}
		return out;
	}

	/** Every changed row, all sites. */
	upserted(): R[] {
		return [...this.changes().values()].flatMap((c) => c.upsert);
	}
}

/** The streams a batch's inputs write to (sites with a device input, for the projections that care only about those). */
export function streamsOf(items: readonly WriteItem[], which: 'all' | 'device' = 'all'): string[] {
	const streams = new Set<string>();
	for (const i of items) {
		if (i.kind === 'event' && (which === 'all' || i.event.sourceKind === 'device')) streams.add(i.event.stream);
		else if (i.kind === 'status') streams.add(i.status.site);
	}
	return [...streams];
}
