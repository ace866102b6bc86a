import type { EventEnvelope } from '$lib/domain/event';
import { siteRoom } from '$lib/realtime/contract';
import type { Sql } from '../db/client';
import { readEventsAfter } from '../event-log/read';
import type { Logger } from '../log';
import type { RealtimeServer } from './connection';

/**
 * After a commit: one `site:events` packet per site for the whole batch, in seq order.
 *
 * A commit whose acknowledgement was lost (the connection dropped after COMMIT) is retried
 * and then finds its events already stored, so they never come back as fresh envelopes.
 * The publisher keeps each stream's last published seq and fills such holes from the log
 * before sending, so dashboards see every seq once, in order.
 */
export class CommittedPublisher {
	#last = new Map<string, number>();
	#chain: Promise<void> = Promise.resolve();

	constructor(private readonly deps: { io: RealtimeServer; sql: Sql; log: Logger }) {}

	/** Queue a committed batch; packets leave in commit order. */
	publish(envelopes: EventEnvelope[]): void {
		const bySite = new Map<string, EventEnvelope[]>();
		for (const e of envelopes) {
			const list = bySite.get(e.site);
			if (list) list.push(e);
			else bySite.set(e.site, [e]);
		}
		this.#chain = this.#chain.then(async () => {
			for (const [site, events] of bySite) await this.#send(site, events);
		});
	}

	async #send(site: string, events: EventEnvelope[]): Promise<void> {
		const last = this.#last.get(site);
		const first = events[0].seq;
		if (last !== undefined && first > last + 1) {
			try {
				const missing = await readEventsAfter(this.deps.sql, site, last, first - last - 1);
				events = [...missing, ...events];
			} catch (err) {
				// Clients see the hole and catch up by re-joining.
				this.deps.log.warn({ err, site, from: last + 1, to: first - 1 }, 'could not fill a broadcast gap');
			}
		}
		this.#last.set(site, events.at(-1)!.seq);
		this.deps.io.to(siteRoom(site)).emit('site:events', { site, events });
	}
}
