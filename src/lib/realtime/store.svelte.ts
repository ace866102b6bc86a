import { SvelteMap } from 'svelte/reactivity';
import type { EventEnvelope } from '$lib/domain/events';
import { viewRows, type SiteContext, type SiteProjection } from '$lib/domain/projection';
import { SITE_PROJECTIONS } from '$lib/domain/projections';
import { SiteReplay } from '$lib/domain/replay';
import { mergeSequence } from '$lib/domain/sequence';
import type { PlanVersion, ProjectionRows, ProjectionRowsBySite, SiteProjectionsPayload } from './contract';

type Row = { id: string };
type Registered = SiteProjection<unknown, Row>;

/**
 * The browser's copy of every projection, per site, as components read it (`siteRows`, `rows`).
 * It is fed one of two ways, and components cannot tell which:
 *
 * - live: the server's `site:projections` packets (`load`, `apply`). Rows are replaced whole by
 *   id, never evolved here: the server is authoritative. Packets at or below the seq a site's
 *   rows were loaded at are already reflected; later ones are applied as they come. Any
 *   projection name is kept, registered or not.
 * - folded: a replay cursor `restore`s a site's rows into a `SiteReplay` of the registered
 *   projections (`SITE_PROJECTIONS`: the domain's own rules, the fold the server's `state`
 *   runs) and `evolve`s events through it; the rows are then what each projection's `view`
 *   shows at the cursor's instant.
 *
 * `refreshViews` re-derives the registered projections' rows at an instant (the site's
 * midnight): what a view no longer shows (days older than yesterday) leaves the store.
 */
export class ProjectionStore {
	#registry: readonly Registered[];
	/** Projection name → site → rows by id. */
	#tables = new SvelteMap<string, SvelteMap<string, SvelteMap<string, Row>>>();
	/** Site → the seq its live rows were loaded at. */
	#loadedAt = new Map<string, number>();
	#folds = new Map<string, SiteReplay>();

	constructor(registry: readonly Registered[] = SITE_PROJECTIONS) {
		this.#registry = registry;
	}

	/** The seq a folded site has reached, or a live site's rows were loaded at (0 when none were). */
	seqOf(site: string): number {
		return this.#folds.get(site)?.seq ?? this.#loadedAt.get(site) ?? 0;
	}

	/** Live: replace a site's rows of every projection named in `rows`, as of `seq`. */
	load(site: string, seq: number, rows: ProjectionRowsBySite): void {
		this.#loadedAt.set(site, seq);
		this.#folds.delete(site);
		for (const [name, list] of Object.entries(rows)) this.#replace(this.#site(name, site), list);
	}

	/** Live: apply one batch's changes for a site, unless its rows were loaded at or past it. */
	apply({ site, seq, updates }: SiteProjectionsPayload): void {
		if (seq <= (this.#loadedAt.get(site) ?? -1)) return;
		this.#folds.delete(site);
		for (const [name, { upsert, remove }] of Object.entries(updates)) {
			const table = this.#site(name, site);
			for (const id of remove) table.delete(id);
			for (const row of upsert) table.set(row.id, row);
		}
	}

	/**
	 * Folded: a site's rows as of `seq` (a `state` answer: what each view showed, with the plan it
	 * had), restored into a replay of the registered projections so that `evolve` continues from
	 * them. `timeZone` counts the days until the log names one (an import).
	 */
	restore(site: string, state: { seq: number; plan: PlanVersion | null; projections: ProjectionRowsBySite }, timeZone: string): void {
		this.load(site, state.seq, state.projections);
		this.#folds.set(site, new SiteReplay(site, this.#registry, { seq: state.seq, plan: state.plan, rows: state.projections }, timeZone));
	}

	/**
	 * Folded: events of a restored site evolved, in seq order, through every registered projection
	 * (seqs already applied are skipped; nothing past a hole is applied), then its rows set to each
	 * view at `at`. Returns the seq reached and whether a hole stopped it.
	 */
	evolve(site: string, events: readonly EventEnvelope[], at: Date): { seq: number; gap: boolean } {
		const fold = this.#folds.get(site);
		if (!fold) throw new Error(`site ${site} was not restored: a live site is kept by the server's packets`);
		const { apply, last, gap } = mergeSequence(fold.seq, events);
		for (const e of apply) fold.apply(e);
		this.#showViews(site, fold, at);
		return { seq: last, gap };
	}

	/** A folded site's plan version and the time zone its days are counted in (null for a live site). */
	foldOf(site: string): { plan: PlanVersion | null; timeZone: string } | null {
		const fold = this.#folds.get(site);
		return fold ? { plan: fold.plan, timeZone: fold.context.timeZone } : null;
	}

	/**
	 * Each registered projection's rows of a site as its view at `at` (a live site's rows are
	 * restored into a state for it): rows the view no longer shows leave, the others keep their
	 * identity. The console calls it at the site's midnight.
	 */
	refreshViews(site: string, at: Date, context: SiteContext): void {
		const fold = this.#folds.get(site);
		if (fold) return this.#showViews(site, fold, at);
		for (const p of this.#registry) {
			const table = this.#tables.get(p.name)?.get(site);
			if (!table?.size) continue;
			this.#replace(table, viewRows(p, p.restore([...table.values()]), at, context));
		}
	}

	#showViews(site: string, fold: SiteReplay, at: Date): void {
		for (const [name, rows] of Object.entries(fold.view(at))) this.#replace(this.#site(name, site), rows);
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

	/** Make `table` hold exactly `rows`, touching only what changed (components re-render per row). */
	#replace(table: SvelteMap<string, Row>, rows: readonly Row[]): void {
		const ids = new Set(rows.map((r) => r.id));
		for (const id of [...table.keys()]) if (!ids.has(id)) table.delete(id);
		for (const row of rows) if (table.get(row.id) !== row) table.set(row.id, row);
	}

	#site(name: string, site: string): SvelteMap<string, Row> {
		let bySite = this.#tables.get(name);
		if (!bySite) this.#tables.set(name, (bySite = new SvelteMap()));
		let table = bySite.get(site);
		if (!table) bySite.set(site, (table = new SvelteMap()));
		return table;
	}
}
