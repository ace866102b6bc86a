import type { EventEnvelope } from './events';

/**
 * The rows of one projection that a batch (or a replay, or a browser) holds, keyed by id, with
 * what changed since they were loaded. Projections' pure rules evolve a `RowSet`; the server
 * persists and publishes its `changes()`. Pure, no I/O.
 */
/** Every projection row has an id, unique within its site: browsers replace rows by it. */
export interface Row {
	id: string;
}

export class RowSet<R extends Row> {
	#rows = new Map<string, R>();
	#upserted = new Set<string>();
	#removed = new Set<string>();

	constructor(initial: Iterable<R> = []) {
		for (const row of initial) this.#rows.set(row.id, row);
	}

	get(id: string): R | undefined {
		return this.#rows.get(id);
	}

	values(): IterableIterator<R> {
		return this.#rows.values();
	}

	get size(): number {
		return this.#rows.size;
	}

	set(row: R): void {
		const { id } = row;
		this.#rows.set(id, row);
		this.#upserted.add(id);
		this.#removed.delete(id);
	}

	delete(id: string): void {
		if (!this.#rows.delete(id)) return;
		this.#upserted.delete(id);
		this.#removed.add(id);
	}

	/** Rows set and ids deleted since construction (a row set then deleted counts as deleted). */
	changes(): RowChanges<R> {
		return { upsert: [...this.#upserted].map((id) => this.#rows.get(id)!), remove: [...this.#removed] };
	}
}

/** What a projection changed: rows to replace by id, and ids to drop. */
export interface RowChanges<R> {
	upsert: R[];
	remove: string[];
}

/** What a site's projections may read besides the event: the site's time zone, from its last import. */
export interface SiteContext {
	timeZone: string;
}

/**
 * A projection as a pure fold over one site's log: what the server's replay (`state?at=`, the
 * keyframes, `projections check`) and the browser's replay cursor run, with the same evolve the
 * live projection runs in the appending transaction. Its state is carried as rows (a keyframe, a
 * `state` answer, a browser's copy), so `restore(rows(s))` must continue exactly like `s`.
 */
export interface SiteProjection<S = unknown, R extends Row = Row> {
	readonly name: string;
	/** A state from rows: none for an empty log, or what `keep` (or `view`) returned. */
	restore(rows: readonly R[]): S;
	evolve(state: S, e: EventEnvelope, site: SiteContext): void;
	/** Every row the state holds: what the projection's table holds for the site. */
	rows(state: S): R[];
	/** The rows a keyframe stores: all a later event can still change (default: `rows`). */
	keep?(state: S): R[];
	/** What a console shows of the state at `at` (default: `keep`, else `rows`). */
	view?(state: S, at: Date, site: SiteContext): R[];
}

/** The rows a keyframe stores. */
export const keptRows = <S, R extends Row>(p: SiteProjection<S, R>, s: S): R[] => (p.keep ? p.keep(s) : p.rows(s));
/** The rows a console shows at `at`. */
export const viewRows = <S, R extends Row>(p: SiteProjection<S, R>, s: S, at: Date, site: SiteContext): R[] =>
	p.view ? p.view(s, at, site) : keptRows(p, s);

/** The common shape: the state is a RowSet, evolved by a rule on it. */
export function rowSetProjection<R extends Row>(
	name: string,
	evolve: (rows: RowSet<R>, e: EventEnvelope, site: SiteContext) => void,
	extra: Pick<SiteProjection<RowSet<R>, R>, 'keep' | 'view'> = {}
): SiteProjection<RowSet<R>, R> {
	return { name, restore: (rows) => new RowSet(rows), evolve, rows: (s) => [...s.values()], ...extra };
}
