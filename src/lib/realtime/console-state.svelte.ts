import { SvelteMap } from 'svelte/reactivity';
import type { EventEnvelope } from '$lib/domain/events';
import type { Incident } from '$lib/domain/incident/model';
import { countsOn } from '$lib/domain/site/daily-counts';
import type { ActiveTest } from '$lib/domain/test-window/model';
import type { SiteSnapshot } from './contract';
import { ProjectionStore } from './store.svelte';

export interface SiteLive {
	id: string;
	name: SiteSnapshot['name'];
	timeZone: string;
	/** Last seq applied. */
	head: number;
}

/** How many events a feed keeps, newest first. */
export const FEED_LIMIT = 300;

/**
 * Events of any sites newest first, at most `limit`: each site's by seq (its receipt times may
 * disagree with its commit order when several bridge connections feed it), the sites interleaved
 * by receipt.
 */
export function newestFirst(events: readonly EventEnvelope[], limit = FEED_LIMIT): EventEnvelope[] {
	const bySite = new Map<string, EventEnvelope[]>();
	for (const e of events) {
		const list = bySite.get(e.site);
		if (list) list.push(e);
		else bySite.set(e.site, [e]);
	}
	const queues = [...bySite.values()].map((list) => list.sort((a, b) => b.seq - a.seq));
	const out: EventEnvelope[] = [];
	while (out.length < limit) {
		let next: EventEnvelope[] | undefined;
		for (const q of queues) if (q.length && (!next || q[0].receivedAt > next[0].receivedAt)) next = q;
		if (!next) break;
		out.push(next.shift()!);
	}
	return out;
}

/**
 * What the console's and the wall's components read, whoever feeds it: the live session (the
 * socket) or a replay cursor (the log, stepped). One entry per site by id, a feed (newest first),
 * every projection's rows, and the console's clock: the wall clock live, the cursor's instant
 * in a replay, so "how long ago" and "today" read the same either way.
 */
export class ConsoleState {
	sites = new SvelteMap<string, SiteLive>();
	feed = $state<EventEnvelope[]>([]);
	/** The instant the console shows, in ms. */
	now = $state(Date.now());
	readonly projections: ProjectionStore;

	constructor(projections = new ProjectionStore()) {
		this.projections = projections;
	}

	/** The incident queue by id, every site's: open incidents, and resolved ones until closed. */
	get incidents(): Map<string, Incident> {
		return new Map(this.projections.rows('incidents').map((i) => [i.id, i]));
	}

	/** Devices and points in test mode, every site's (some may be past their time: filter by the clock). */
	get tests(): ActiveTest[] {
		return this.projections.rows('tests');
	}

	/** A site's events per type on its local day at `now` (the console's clock unless given). */
	countsOf(site: SiteLive, now: Date = new Date(this.now)): Partial<Record<string, number>> {
		return countsOn(this.projections.siteRows('counts', site.id), now, site.timeZone);
	}
}
