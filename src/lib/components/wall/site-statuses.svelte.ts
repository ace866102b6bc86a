import { SvelteMap } from 'svelte/reactivity';
import type { EventEnvelope } from '$lib/domain/event';
import { evolveSiteStatus, type SiteStatus } from '$lib/domain/site-status';

/**
 * The wall's status of each site by id, carried forward from the server's reading by the events
 * LiveConsole applies. After a resync the site's events were skipped, so its status is read
 * again; events applied while that read is in flight are kept and applied on top of it
 * (`evolveSiteStatus` is idempotent, so the ones the read already reflects change nothing).
 */
export class SiteStatuses {
	#byId = new SvelteMap<string, SiteStatus>();
	#reloading = new Map<string, EventEnvelope[]>();

	constructor(initial: Iterable<[string, SiteStatus]>) {
		for (const [id, status] of initial) this.#byId.set(id, status);
	}

	get(site: string): SiteStatus | undefined {
		return this.#byId.get(site);
	}

	apply(site: string, events: readonly EventEnvelope[]): void {
		this.#reloading.get(site)?.push(...events);
		const current = this.#byId.get(site);
		if (!current) return;
		const next = events.reduce(evolveSiteStatus, current);
		if (next !== current) this.#byId.set(site, next);
	}

	async reload(site: string): Promise<void> {
		if (this.#reloading.has(site)) return;
		const meanwhile: EventEnvelope[] = [];
		this.#reloading.set(site, meanwhile);
		try {
			const r = await fetch(`/api/sites/${encodeURIComponent(site)}/status`).catch(() => null);
			// A failed read keeps the old status: still right for every device not changed in the gap.
			if (r?.ok) this.#byId.set(site, meanwhile.reduce(evolveSiteStatus, (await r.json()) as SiteStatus));
		} finally {
			this.#reloading.delete(site);
		}
	}
}
