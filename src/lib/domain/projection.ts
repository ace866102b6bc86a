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
