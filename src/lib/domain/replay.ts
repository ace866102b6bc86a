import type { EventEnvelope } from './events';
import { keptRows, viewRows, type Row, type SiteContext, type SiteProjection } from './projection';
import { planVersionOf, type PlanVersion } from './site/plan-version';

/** A site's whole state at a seq, as rows: what a keyframe stores and a replay starts from. */
export interface Keyframe {
	seq: number;
	plan: PlanVersion | null;
	/** Projection name → the rows `keep` returned. */
	rows: Record<string, Row[]>;
}

/**
 * One site's projections folded over its log in seq order: the replay the server runs for
 * `state?at=`, its keyframes and `projections check`, and the browser for a replay cursor. It
 * starts from a keyframe (or nothing) and applies events with the projections' own evolves;
 * the plan version (and so the time zone the day counters use) follows the `SiteImported` events.
 */
export class SiteReplay {
	seq: number;
	plan: PlanVersion | null;
	readonly #states: unknown[];

	/**
	 * @param defaultTimeZone the time zone before the log names one (a site imported before
	 * bundles were stored carries none in its events).
	 */
	constructor(
		readonly site: string,
		readonly rules: readonly SiteProjection<unknown, Row>[],
		from: Keyframe | null,
		readonly defaultTimeZone: string
	) {
		this.seq = from?.seq ?? 0;
		this.plan = from?.plan ?? null;
		this.#states = rules.map((p) => p.restore(from?.rows[p.name] ?? []));
	}

	get context(): SiteContext {
		return { timeZone: this.plan?.timeZone ?? this.defaultTimeZone };
	}

	/** Apply the site's next event; an event at or below the seq reached is ignored. */
	apply(e: EventEnvelope): void {
		if (e.seq <= this.seq) return;
		this.seq = e.seq;
		this.plan = planVersionOf(e) ?? this.plan;
		const site = this.context;
		for (let n = 0; n < this.rules.length; n++) this.rules[n].evolve(this.#states[n], e, site);
	}

	/** The state as a keyframe: each projection's kept rows. */
	keyframe(): Keyframe {
		return { seq: this.seq, plan: this.plan, rows: Object.fromEntries(this.rules.map((p, n) => [p.name, keptRows(p, this.#states[n])])) };
	}

	/** Every row of one projection (what its table must hold), or null for a name not registered. */
	rows(name: string): Row[] | null {
		const n = this.rules.findIndex((p) => p.name === name);
		return n < 0 ? null : this.rules[n].rows(this.#states[n]);
	}

	/** What a console shows at `at`: each projection's view. */
	view(at: Date): Record<string, Row[]> {
		const site = this.context;
		return Object.fromEntries(this.rules.map((p, n) => [p.name, viewRows(p, this.#states[n], at, site)]));
	}
}
