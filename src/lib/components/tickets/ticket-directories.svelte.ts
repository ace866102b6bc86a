import { SvelteMap } from 'svelte/reactivity';
import type { TicketDirectory } from '$lib/domain/ticket/directory';

/**
 * The ticket directories of a console's sites (departments, people's names, end of day), each read
 * once from `GET /api/tickets/directory` when first asked for, and again on `refresh`. Until it
 * arrives (or when it cannot be read) a site has none, and the panel shows ids.
 */
export class TicketDirectories {
	#bySite = new SvelteMap<string, TicketDirectory>();
	#asked = new Set<string>();

	/** The site's directory, or undefined while it is read. */
	of = (site: string): TicketDirectory | undefined => {
		if (!this.#asked.has(site)) {
			this.#asked.add(site);
			void this.#read(site);
		}
		return this.#bySite.get(site);
	};

	/** Read a site's directory again (after the organisation changed). */
	refresh(site: string): Promise<void> {
		return this.#read(site);
	}

	async #read(site: string): Promise<void> {
		const r = await fetch(`/api/tickets/directory?${new URLSearchParams({ site })}`).catch(() => null);
		if (!r?.ok) return;
		const dir = (await r.json().catch(() => null)) as TicketDirectory | null;
		if (dir) this.#bySite.set(site, dir);
	}
}
