import type { EventEnvelope } from '$lib/domain/events';
import { mergeSequence } from '$lib/domain/sequence';
import { CATCH_UP_LIMIT, SNAPSHOT_LATEST, type PlanVersion, type SiteSnapshot } from './contract';
import { ConsoleState, newestFirst } from './console-state.svelte';
import { getSiteState, listEventsAfter, type FetchLike, type StateTarget } from './site-state';

/** The site a cursor replays, as the console names it. */
export interface ReplaySite {
	id: string;
	name: SiteSnapshot['name'];
	/** The time zone its days are counted in until the log names one (an import). */
	timeZone: string;
}

/**
 * A site's log replayed in the browser, read by the same components as the live console (it is
 * a `ConsoleState`): `open` loads the site's `state` at a seq or an instant; `seek` moves to any
 * seq, forward by reading the events after the cursor and evolving them through the registered
 * projections (`SITE_PROJECTIONS` in a `SiteReplay`, the fold the server runs), backward by
 * loading `state` at the target. Its clock is the instant of the seq shown; its plan version
 * follows the imports it steps over. Moves run one at a time, in call order.
 */
export class ReplayCursor extends ConsoleState {
	readonly site: string;
	/** The seq shown (0: before the first event). */
	seq = $state(0);
	/** The site's last committed seq, as of the last read: where a forward seek stops. */
	head = $state(0);
	/** The plan the site had at `seq` (null before its first import). */
	plan = $state<PlanVersion | null>(null);
	/** A read was refused or did not arrive: the cursor stayed where it was. */
	failed = $state(false);
	busy = $state(false);

	#fetch: FetchLike;
	#pageSize: number;
	#timeZone: string;
	#queue: Promise<unknown> = Promise.resolve();

	constructor(site: ReplaySite, fetch: FetchLike = (url) => globalThis.fetch(url), pageSize = CATCH_UP_LIMIT) {
		super();
		this.site = site.id;
		this.#fetch = fetch;
		this.#pageSize = pageSize;
		this.#timeZone = site.timeZone;
		this.sites.set(site.id, { id: site.id, name: site.name, timeZone: site.timeZone, head: 0 });
	}

	/** Load the site's state at a seq, an instant, or now; true when it was loaded. */
	open(target: StateTarget): Promise<boolean> {
		return this.#run(() => this.#open(target));
	}

	/** Move to `seq` (clamped to 0 and the head); true when the cursor got there. */
	seek(seq: number): Promise<boolean> {
		return this.#run(async () => {
			const target = Math.max(0, Math.floor(seq));
			if (target < this.seq) return this.#open({ seq: target });
			return this.#forward(target);
		});
	}

	/** Move by `count` events (negative: back). */
	step(count = 1): Promise<boolean> {
		return this.#run(() => (count < 0 ? this.#open({ seq: Math.max(0, this.seq + count) }) : this.#forward(this.seq + count)));
	}

	#run(move: () => Promise<boolean>): Promise<boolean> {
		const next = this.#queue.then(async () => {
			this.busy = true;
			try {
				const ok = await move();
				this.failed = !ok;
				return ok;
			} finally {
				this.busy = false;
			}
		});
		this.#queue = next.catch(() => undefined);
		return next;
	}

	async #open(target: StateTarget): Promise<boolean> {
		const state = await getSiteState(this.#fetch, this.site, target);
		if (!state) return false;
		const latest = await listEventsAfter(this.#fetch, this.site, Math.max(0, state.seq - SNAPSHOT_LATEST), SNAPSHOT_LATEST);
		if (!latest) return false;
		const at = target !== 'now' && 'at' in target ? target.at : state.committedAt ? new Date(state.committedAt) : new Date();
		this.projections.restore(this.site, state, this.#timeZone);
		this.#moved(state.seq, Math.max(latest.head, state.seq), at.getTime());
		this.feed = newestFirst(latest.events.filter((e) => e.seq <= state.seq));
		return true;
	}

	/** Evolve the events up to `target` (or the head), page by page. */
	async #forward(target: number): Promise<boolean> {
		while (this.seq < target) {
			const page = await listEventsAfter(this.#fetch, this.site, this.seq, Math.min(this.#pageSize, target - this.seq));
			if (!page) return false;
			this.head = page.head;
			const events = page.events.filter((e) => e.seq <= target);
			if (!events.length) return this.seq === Math.min(target, page.head);
			if (!this.#apply(events, page.head)) return false;
		}
		return true;
	}

	/** Evolve one page; false when it did not continue from the cursor (what precedes a hole is applied). */
	#apply(events: readonly EventEnvelope[], head: number): boolean {
		const { apply, last, gap } = mergeSequence(this.seq, events);
		if (!apply.length) return false;
		const at = new Date(apply.at(-1)!.receivedAt);
		this.projections.evolve(this.site, apply, at);
		this.#moved(last, head, at.getTime());
		this.feed = newestFirst([...apply, ...this.feed]);
		return !gap;
	}

	#moved(seq: number, head: number, at: number): void {
		// The plan (and the time zone the days are counted in) follows the imports stepped over.
		const fold = this.projections.foldOf(this.site)!;
		this.seq = seq;
		this.head = head;
		this.now = at;
		this.plan = fold.plan;
		const site = this.sites.get(this.site)!;
		this.sites.set(this.site, { ...site, timeZone: fold.timeZone, head: seq });
	}
}
