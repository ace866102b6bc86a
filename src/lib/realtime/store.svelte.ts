import { SvelteMap } from 'svelte/reactivity';
import type { ProjectionRows, ProjectionRowsBySite, SiteProjectionsPayload } from './contract';

type Row = { id: string };

/**
 * The browser's copy of every registered projection, per site, kept by the server's
 * `site:projections` packets: rows are replaced whole by id, never evolved here, so the
 * browser shows exactly what the server's rule made. A site's rows are loaded at a seq (a
 * snapshot or a join that missed events); packets at or below it are already reflected.
 * Generic: a projection added to the server's registry arrives here with no change.
 */
export class ProjectionStore {
	/** Projection name → site → rows by id. */
	#tables = new SvelteMap<string, SvelteMap<string, SvelteMap<string, Row>>>();
	/** Site → the seq its rows were loaded at. */
	#loadedAt = new Map<string, number>();

	/** Replace a site's rows of every projection named in `rows`, as of `seq`. */
	load(site: string, seq: number, rows: ProjectionRowsBySite): void {
		this.#loadedAt.set(site, seq);
		for (const [name, list] of Object.entries(rows)) {
			this.#site(name, site).clear();
			const table = this.#site(name, site);
			for (const row of list) table.set(row.id, row);
		}
	}

	/** Apply one batch's changes for a site, unless its rows were loaded at or past it. */
	apply({ site, seq, updates }: SiteProjectionsPayload): void {
		if (seq <= (this.#loadedAt.get(site) ?? -1)) return;
		for (const [name, { upsert, remove }] of Object.entries(updates)) {
			const table = this.#site(name, site);
			for (const id of remove) table.delete(id);
			for (const row of upsert) table.set(row.id, row);
		}
	}

	/** One projection's rows of one site. */
	siteRows<K extends keyof ProjectionRows>(name: K, site: string): ProjectionRows[K][];
	siteRows(name: string, site: string): Row[];
	siteRows(name: string, site: string): Row[] {
		return [...(this.#tables.get(name)?.get(site)?.values() ?? [])];
	}

	/** One projection's rows of every site. */
	rows<K extends keyof ProjectionRows>(name: K): ProjectionRows[K][];
	rows(name: string): Row[];
	rows(name: string): Row[] {
		const out: Row[] = [];
		for (const table of this.#tables.get(name)?.values() ?? []) out.push(...table.values());
		return out;
	}

	#site(name: string, site: string): SvelteMap<string, Row> {
		let bySite = this.#tables.get(name);
		if (!bySite) this.#tables.set(name, (bySite = new SvelteMap()));
		let table = bySite.get(site);
		if (!table) bySite.set(site, (table = new SvelteMap()));
		return table;
	}
}
