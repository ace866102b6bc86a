import type { Server } from 'socket.io';
import { siteRoom } from '$lib/realtime/contract';
import type { SiteWatch } from '$lib/domain/notification/watchdog';
import type { LocalizedName } from '$lib/domain/site/model';
import type { Queryable } from '../db/client';
import type { CommittedBus } from '../event-log/bus';
import type { Logger } from '../log';

/** One site as the watchdog sees it: its names (for the message) and how many live pages watch it. */
export interface SiteWatchView extends SiteWatch {
	name: LocalizedName;
}

const ROOM_PREFIX = siteRoom('');

/**
 * Who watches each site: the live pages (consoles, walls) in its Socket.IO room, counted from the
 * adapter's own rooms when asked, and since when a site has had none, kept from the adapter's
 * `create-room` / `delete-room` events (so nothing is done per packet). A site known before any
 * page joined it counts as unwatched since it became known. This process's sockets only: with
 * several app processes behind a balancer, each sees its own.
 */
export class SiteWatchers {
	#sites = new Map<string, { name: LocalizedName; emptySince: number | null }>();
	#detach: () => void;

	constructor(
		private readonly io: Server,
		private readonly now: () => number = Date.now
	) {
		const adapter = io.of('/').adapter;
		const created = (room: string) => this.#mark(room, null);
		const deleted = (room: string) => this.#mark(room, this.now());
		adapter.on('create-room', created);
		adapter.on('delete-room', deleted);
		this.#detach = () => {
			adapter.off('create-room', created);
			adapter.off('delete-room', deleted);
		};
	}

	/** Make the sites known (new ones unwatched from now unless a page is in their room already), with their current names. */
	track(sites: readonly { id: string; name: LocalizedName }[]): void {
		for (const { id, name } of sites) {
			const known = this.#sites.get(id);
			if (known) known.name = name;
			else this.#sites.set(id, { name, emptySince: this.#consoles(id) > 0 ? null : this.now() });
		}
	}

	/** Every known site, by id, with its watchers now. */
	list(): SiteWatchView[] {
		return [...this.#sites]
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([id, s]) => ({ id, name: s.name, consoles: this.#consoles(id), unwatchedSince: s.emptySince === null ? null : new Date(s.emptySince).toISOString() }));
	}

	stop(): void {
		this.#detach();
	}

	#consoles(site: string): number {
		return this.io.of('/').adapter.rooms.get(siteRoom(site))?.size ?? 0;
	}

	#mark(room: string, emptySince: number | null): void {
		if (!room.startsWith(ROOM_PREFIX)) return;
		const site = this.#sites.get(room.slice(ROOM_PREFIX.length));
		if (site) site.emptySince = emptySince;
	}
}

/** How often the site list is read again: sites imported by the command line or another process. */
const SITE_LIST_EVERY_MS = 30_000;

/**
 * Keep `watchers` told of every site: now, after each commit that imported a site in this process,
 * and every 30 s. A failed read (the database down) keeps the sites known so far. Returns the stop.
 */
export function followSites(watchers: SiteWatchers, deps: { sql: Queryable; bus: CommittedBus; log: Logger }): () => void {
	let reading: Promise<void> | null = null;
	const read = () =>
		(reading ??= deps
			.sql<{ id: string; name: LocalizedName }[]>`select id, name from site`
			.then((rows) => watchers.track(rows))
			.catch((err) => deps.log.debug({ err }, 'site list not read; keeping the sites known'))
			.finally(() => (reading = null)));
	void read();
	const timer = setInterval(read, SITE_LIST_EVERY_MS);
	timer.unref();
	const unsubscribe = deps.bus.subscribe((batch) => {
		if (batch.envelopes.some((e) => e.type === 'SiteImported')) void read();
	});
	return () => {
		clearInterval(timer);
		unsubscribe();
		watchers.stop();
	};
}
